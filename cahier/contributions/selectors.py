"""Reads of the contributions app: queues, a contributor's proposals, similar fiches."""

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.core.text import name_key
from cahier.links.selectors import with_failed_link_checks
from cahier.quality.criteria import fiche_quality

from .enums import UpdateState
from .models import Call, Revision, UpdateProposal

QUEUE_STATES = [
    PublicationStatus.SUBMITTED,
    PublicationStatus.IN_REVIEW,
    PublicationStatus.CHANGES_REQUESTED,
]
TITLE_THRESHOLD = 80
PORTEUR_THRESHOLD = 92


def call_current():
    """The open call (the one closing first if several are open)."""
    return Call.objects.open().order_by("closes_at").first()


def call_next_or_last():
    from django.utils import timezone

    now = timezone.now()
    upcoming = Call.objects.filter(opens_at__gt=now).order_by("opens_at").first()
    last = Call.objects.filter(closes_at__lte=now).order_by("-closes_at").first()
    return upcoming, last


def initiatives_of(user):
    return (
        Initiative.objects.filter(submission__contributor=user)
        .select_related("region", "submission__call")
        .order_by("-updated_at")
    )


def curation_queue(*, status: str = "", region: str = "", call: str = ""):
    """Proposals for curators; without *status*, those waiting for a decision."""
    queryset = Initiative.objects.select_related(
        "region", "submission__call", "submission__contributor"
    )
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=QUEUE_STATES)
    if region:
        queryset = queryset.filter(region__slug=region)
    if call:
        queryset = queryset.filter(submission__call_id=call)
    return queryset.order_by("submission__submitted_at", "updated_at")


QUALITY_ORDERS = {"qualite": False, "-qualite": True}  # ?tri=…: lowest first, highest first


def with_quality(queryset, *, order: str = "", limit: int = 200) -> list[Initiative]:
    """The fiches of *queryset*, each with its `quality` (cahier.quality), sorted by score when
    *order* is one of QUALITY_ORDERS (ties by title), else in the queryset's order; then the
    first *limit*. Every fiche is scored before the cut: a fixed number of queries."""
    fiches = list(with_failed_link_checks(queryset.prefetch_related("keywords", "publics")))
    for fiche in fiches:
        fiche.quality = fiche_quality(fiche)
    if order in QUALITY_ORDERS:
        fiches.sort(key=lambda fiche: fiche.title)
        fiches.sort(key=lambda fiche: fiche.quality.score, reverse=QUALITY_ORDERS[order])
    return fiches[:limit]


def revisions_of(initiative):
    return Revision.objects.filter(initiative=initiative).select_related("author")


def _title_score(a: str, b: str, **kwargs) -> float:
    """Token-set ratio alone calls « Mobilité » identical to any title containing the word;
    averaging with the token-sort ratio keeps word order free but asks for most words shared."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


@dataclass
class Similar:
    initiative: Initiative
    score: float
    reason: str


def similar_finder(*, include_unpublished: bool = False, exclude_pk=None, limit=5):
    """`find(title, porteur) -> list[Similar]` over the fiches read once (a
    spreadsheet import looks for the duplicates of hundreds of rows): RapidFuzz token-set
    ratio on titles (folded, word order ignored), and on Organisation keys for the porteur."""
    candidates = Initiative.objects.select_related("porteur")
    if include_unpublished:
        candidates = candidates.exclude(status=PublicationStatus.DRAFT)
    else:
        candidates = candidates.published()
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    candidates = list(candidates)
    titles = {i.pk: name_key(i.title) for i in candidates}
    by_pk = {i.pk: i for i in candidates}

    def find(title: str, porteur: str = "") -> list[Similar]:
        found: dict[int, Similar] = {}
        if title.strip():
            for _, score, pk in process.extract(
                name_key(title),
                titles,
                scorer=_title_score,
                score_cutoff=TITLE_THRESHOLD,
                limit=limit,
            ):
                found[pk] = Similar(by_pk[pk], score, f"titre proche ({score:.0f} %)")
        key = name_key(porteur)
        if key:
            for initiative in candidates:
                if initiative.pk in found or initiative.porteur is None:
                    continue
                score = fuzz.ratio(key, initiative.porteur.key)
                if score >= PORTEUR_THRESHOLD:
                    found[initiative.pk] = Similar(
                        initiative, score, f"même organisme porteur ({initiative.porteur_label})"
                    )
        return sorted(found.values(), key=lambda s: -s.score)[:limit]

    return find


def similar_initiatives(
    *, title: str, porteur: str = "", exclude_pk=None, include_unpublished: bool = False, limit=5
) -> list[Similar]:
    """Fiches whose title (folded, word order ignored) or porteur is close to these."""
    find = similar_finder(
        include_unpublished=include_unpublished, exclude_pk=exclude_pk, limit=limit
    )
    return find(title, porteur)


ORIGIN_RESULTS = 10


def origin_candidates(*, query: str, exclude_pk: int | None = None) -> list[Initiative]:
    """Published fiches whose title, territory or region holds every word of *query* (case,
    accents and punctuation ignored): the search as you type of « Fiche d'origine »."""
    words = name_key(query).split()
    if not words:
        return []
    candidates = Initiative.objects.published().select_related("region").order_by("title")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for initiative in candidates.only("pk", "title", "territory", "region__name", "status"):
        region = initiative.region.name if initiative.region_id else ""
        haystack = name_key(f"{initiative.title} {initiative.territory} {region}")
        if all(word in haystack for word in words):
            found.append(initiative)
            if len(found) == ORIGIN_RESULTS:
                break
    return found


def update_proposals_pending():
    """The queue « Mises à jour proposées »: oldest first, with what the rows print."""
    return (
        UpdateProposal.objects.filter(state=UpdateState.PENDING)
        .select_related("initiative__region", "proposer")
        .defer("data", "base_data")  # whole fiches: read on the proposal's page only
        .order_by("created_at", "id")
    )


def update_proposal_pending_of(initiative, source: str):
    """The pending proposal of *initiative* from *source* (one at most), or None."""
    return UpdateProposal.objects.filter(
        initiative=initiative, source=source, state=UpdateState.PENDING
    ).first()

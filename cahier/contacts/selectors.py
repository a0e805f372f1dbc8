"""Reads of the contacts app: who a request goes to, the curators' list, the holders' counts."""

from dataclasses import dataclass

from django.db.models import Count

from cahier.catalogue.enums import ContactRole, PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.structured import is_legacy_state_mailbox
from cahier.core.charts import Chart, Row

from .enums import RecipientKind, RequestStatus
from .models import ContactRequest


@dataclass(frozen=True)
class Recipient:
    """One person a request is written to. The address goes into that person's e-mail only:
    pages, the request row and the other parties' copies show *label* instead."""

    kind: str
    organisation: str
    email: str

    @property
    def label(self) -> str:
        return recipient_label(self.summary())

    def summary(self) -> dict:
        """What the request keeps of its recipient: the role and organisation, no address."""
        return {"kind": self.kind, "organisation": self.organisation}


def recipient_label(summary: dict) -> str:
    """« porteur du projet (Association Horizon) », « référent de l’État pour la fiche (…) »:
    how pages and e-mails name a recipient, never by address."""
    role = RecipientKind(summary["kind"]).label
    role = role[0].lower() + role[1:]
    organisation = summary.get("organisation")
    return f"{role} ({organisation})" if organisation else role


def _usable(email: str) -> bool:
    return bool(email) and not is_legacy_state_mailbox(email)


def recipients_for(initiative: Initiative) -> list[Recipient]:
    """Who a request about *initiative* goes to: its holders and its State referents (the
    fiche's structured contacts with an e-mail), or, while no current referent is set on the
    fiche, its region's referent. The 2019 `referent_emails` are history and never written
    to, nor is any DIRECCTE/DIECCTE mailbox. Each address once."""
    holders, referents = [], []
    for contact in initiative.contacts or []:
        email = (contact.get("email") or "").strip()
        if not _usable(email):
            continue
        organisation = contact.get("organisation") or contact.get("service") or ""
        if contact.get("role") == ContactRole.REFERENT:
            referents.append(Recipient(RecipientKind.REFERENT, organisation, email))
        else:
            holders.append(Recipient(RecipientKind.HOLDER, organisation, email))
    region = initiative.region
    if not referents and region is not None and _usable(region.referent_email):
        organisation = region.referent_organisation or f"référent de la région {region.name}"
        referents.append(
            Recipient(RecipientKind.REGION_REFERENT, organisation, region.referent_email)
        )
    seen, recipients = set(), []
    for recipient in holders + referents:
        key = recipient.email.lower()
        if key not in seen:
            seen.add(key)
            recipients.append(recipient)
    return recipients


def holders_first(recipients: list[Recipient]) -> list[Recipient]:
    """Whom a reminder goes to: the holders, or the referents when the fiche has none."""
    holders = [r for r in recipients if r.kind == RecipientKind.HOLDER]
    return holders or recipients


def requests_for_curation(*, status: str = "", region: str = ""):
    requests = ContactRequest.objects.select_related("initiative__region")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    if region:
        requests = requests.filter(initiative__region__slug=region)
    return requests


def status_counts(initiative_pks) -> dict[int, dict[str, int]]:
    """{initiative pk: {status: count, "total": count}} in one query (« Mes initiatives »)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        ContactRequest.objects.filter(initiative_id__in=list(initiative_pks))
        .values_list("initiative_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for pk, status, n in rows:
        entry = counts.setdefault(pk, {"total": 0})
        entry[status] = n
        entry["total"] += n
    return counts


def contacted_origins(*, email: str, exclude_pk: int | None = None, limit: int = 3):
    """The published fiches whose people *email* wrote to (most recent first): what a new
    proposal by that person may be an essaimage of."""
    if not email:
        return []
    pks = []
    rows = (
        ContactRequest.objects.personal()
        .filter(email__iexact=email.strip(), initiative__status=PublicationStatus.PUBLISHED)
        .order_by("-created_at")
        .values_list("initiative_id", flat=True)
    )
    for pk in rows:
        if pk != exclude_pk and pk not in pks:
            pks.append(pk)
        if len(pks) == limit:
            break
    by_pk = Initiative.objects.published().in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def status_chart() -> Chart:
    """« Statistiques »: every contact request counted by status (no personal data)."""
    counts = dict(ContactRequest.objects.values_list("status").annotate(n=Count("id")).order_by())
    rows = [Row(status.label, counts.get(status.value, 0)) for status in RequestStatus]
    return Chart(
        "demandes-de-contact",
        "Demandes de contact par état",
        "État de la demande",
        count_header="Nombre de demandes",
        description="Les demandes « Je souhaite m’inspirer de ce projet » envoyées depuis les fiches.",
        rows=rows,
    )

"""Reads for editions: the current edition and its numbers, what a printed edition shows."""

from dataclasses import dataclass, field

from django.db.models import CharField, IntegerField, OuterRef, QuerySet, Subquery, Value

from cahier.catalogue.enums import EventKind, ProvenanceStatus, PublicationStatus
from cahier.catalogue.models import Initiative

from .models import Edition, EditionEntry


def edition_is_frozen(edition: Edition) -> bool:
    """Published once, frozen for ever: withdrawing it from the site does not thaw it."""
    return edition.is_published or edition.snapshot is not None


def edition_current() -> Edition | None:
    """The edition whose numbers the site, /reperes/, the exports and the API show: the one a
    curator chose (services.edition_make_current), None before any choice."""
    return Edition.objects.filter(is_current=True).first()


def edition_in_preparation() -> Edition | None:
    """The latest edition never published: where curators number fiches for the next cahier
    while the site keeps showing the current edition's numbers."""
    return (
        Edition.objects.filter(is_published=False, snapshot__isnull=True)
        .order_by("-year", "-id")
        .first()
    )


def initiatives_with_number(
    queryset: QuerySet[Initiative] | None = None, edition: Edition | None = None
) -> QuerySet[Initiative]:
    """Annotate each initiative with `number` and `list_title`: its place in *edition*
    (default: the current one)."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    edition = edition or edition_current()
    if edition is None:
        # No edition yet: every initiative is unnumbered (a subquery over .none() would empty
        # the whole queryset).
        return queryset.annotate(
            number=Value(None, output_field=IntegerField()),
            list_title=Value("", output_field=CharField()),
        )
    entry = EditionEntry.objects.filter(edition=edition, initiative=OuterRef("pk"))
    return queryset.annotate(
        number=Subquery(entry.values("number")[:1]),
        list_title=Subquery(entry.values("list_title")[:1]),
    )


def edition_initiatives(edition: Edition) -> QuerySet[Initiative]:
    """The initiatives of *edition* in fiche order, with everything a full fiche shows."""
    return (
        initiatives_with_number(Initiative.objects.filter(editions=edition), edition)
        .with_relations()
        .order_by("number")
    )


@dataclass
class SwitchChanges:
    """What the site's numbering would become if *edition* were the current edition, for the
    fiches the public sees (published ones): the number each loses, changes or gains."""

    edition: Edition
    previous: Edition | None
    lost: list[tuple[str, int]] = field(default_factory=list)  # (title, old number)
    renumbered: list[tuple[str, int, int]] = field(default_factory=list)  # (title, old, new)
    gained: list[tuple[str, int]] = field(default_factory=list)  # (title, new number)
    unchanged: int = 0

    @property
    def is_noop(self) -> bool:
        return self.previous is not None and self.previous.pk == self.edition.pk


def _public_numbers(edition: Edition | None) -> dict[int, int]:
    if edition is None:
        return {}
    entries = edition.entries.filter(initiative__status=PublicationStatus.PUBLISHED)
    return dict(entries.values_list("initiative_id", "number"))


def edition_switch_changes(edition: Edition) -> SwitchChanges:
    previous = edition_current()
    changes = SwitchChanges(edition=edition, previous=previous)
    if changes.is_noop:
        return changes
    old, new = _public_numbers(previous), _public_numbers(edition)
    titles = dict(
        Initiative.objects.filter(pk__in=old.keys() | new.keys()).values_list("pk", "title")
    )
    for pk, number in sorted(old.items(), key=lambda item: item[1]):
        if pk not in new:
            changes.lost.append((titles[pk], number))
        elif new[pk] != number:
            changes.renumbered.append((titles[pk], number, new[pk]))
        else:
            changes.unchanged += 1
    changes.gained = sorted(
        ((titles[pk], number) for pk, number in new.items() if pk not in old),
        key=lambda item: item[1],
    )
    return changes


def edition_resolve(designation: str | int) -> Edition | None:
    """The edition a slug or a year designates (the published one first for a year)."""
    text = str(designation).strip()
    edition = Edition.objects.filter(slug=text).first()
    if edition is None and text.isdigit():
        edition = Edition.objects.filter(year=int(text)).order_by("-is_published", "-id").first()
    return edition


def editions_public() -> QuerySet[Edition]:
    return Edition.objects.filter(is_published=True).order_by("-year", "-id")


def provenance_note(initiative: Initiative) -> str:
    """The printed footnote: « Projet présenté à la JITE 2018 », « Projet ayant répondu à
    l'appel « Trophées FSE » de 2019, retenu catégorie Mobilité ». The event is named as
    everywhere else (`EventKind`'s label), not as the 2019 document typed it (« Jite »)."""
    event = initiative.event
    if event is None:
        return ""
    status = initiative.provenance_status
    if event.kind == EventKind.JITE:
        jite = f"{event.get_kind_display()} {event.year}"
        if status == ProvenanceStatus.COLLECTED:
            return f"Projet recueilli à la {jite} non présenté"
        return f"Projet présenté à la {jite}"
    note = f"Projet ayant répondu à l’appel « {event.get_kind_display()} » de {event.year}"
    if status == ProvenanceStatus.SELECTED:
        note += ", retenu"
        if initiative.provenance_category:
            note += f" catégorie {initiative.provenance_category}"
    elif status == ProvenanceStatus.NOT_SELECTED:
        note += ", non retenu"
    return note


def cover_lines(edition: Edition) -> tuple[str, str, str]:
    """(kicker, big title, subtitle) of the cover: « Le cahier des initiatives » over
    « INCLUSION », as printed. The trailing all-capitals word of the title goes big; a subtitle
    that only repeats the publisher's logo text (« dgefp ») is left out (the cover names it)."""
    words = edition.title.split()
    if len(words) > 1 and words[-1].isupper():
        kicker, big = " ".join(words[:-1]), words[-1]
    else:
        kicker, big = "", edition.title
    subtitle = "" if edition.subtitle.strip().lower() == "dgefp" else edition.subtitle
    if not kicker and subtitle:
        kicker, big, subtitle = big, subtitle, ""
    return kicker, big, subtitle

"""Reads for editions: what a printed edition shows, and its content fingerprint."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, QuerySet

from cahier.catalogue.enums import EventKind, ProvenanceStatus
from cahier.catalogue.models import (
    Edition,
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    PublicType,
    Region,
)
from cahier.catalogue.selectors import edition_initiatives, glossary_matcher
from cahier.core.prose import Glossary


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
    """The printed footnote: « Projet présenté à la Jite 2018 », « Projet ayant répondu à
    l'appel « Trophées FSE » de 2019, retenu catégorie Mobilité »."""
    event = initiative.event
    if event is None:
        return ""
    status = initiative.provenance_status
    if event.kind == EventKind.JITE:
        if status == ProvenanceStatus.COLLECTED:
            return f"Projet recueilli à la Jite {event.year} non présenté"
        return f"Projet présenté à la Jite {event.year}"
    note = f"Projet ayant répondu à l'appel « {event.get_kind_display()} » de {event.year}"
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


@dataclass
class IndexEntry:
    label: str
    numbers: list[int]


@dataclass
class RegionGroup:
    region: Region
    initiatives: list[Initiative] = field(default_factory=list)


@dataclass
class EditionDocument:
    """Everything the printed edition shows, in print order."""

    edition: Edition
    cover: tuple[str, str, str]
    initiatives: list[Initiative]
    regions: list[RegionGroup]
    keywords: list[IndexEntry]
    publics: list[IndexEntry]
    fundings: list[IndexEntry]
    glossary: list[GlossaryTerm]
    acronyms: Glossary | None = None  # the matcher the fiches' acronyms are set in italics with


def _index(model, initiatives: list[Initiative], attribute: str) -> list[IndexEntry]:
    numbers: dict[int, list[int]] = defaultdict(list)
    for initiative in initiatives:
        for term in getattr(initiative, attribute).all():
            numbers[term.pk].append(initiative.number)
    return [
        IndexEntry(term.label, sorted(numbers[term.pk]))
        for term in model.objects.order_by("position", "label")
        if numbers.get(term.pk)
    ]


def edition_document(edition: Edition) -> EditionDocument:
    initiatives = list(edition_initiatives(edition))
    groups: list[RegionGroup] = []
    for initiative in initiatives:
        if not groups or groups[-1].region.pk != initiative.region_id:
            groups.append(RegionGroup(initiative.region))
        groups[-1].initiatives.append(initiative)
    return EditionDocument(
        edition=edition,
        cover=cover_lines(edition),
        initiatives=initiatives,
        regions=groups,
        keywords=_index(Keyword, initiatives, "keywords"),
        publics=_index(PublicType, initiatives, "publics"),
        fundings=_index(Funding, initiatives, "fundings"),
        glossary=list(GlossaryTerm.objects.order_by("acronym")),
        acronyms=glossary_matcher(),
    )


def edition_fingerprint(edition: Edition) -> str:
    """Changes whenever anything the printed edition shows changes: the edition itself, its
    entries (numbering), its initiatives, the glossary and the index labels."""
    stamps: list[datetime | None] = [
        Edition.objects.filter(pk=edition.pk).values_list("updated_at", flat=True).first(),
        Initiative.objects.filter(editions=edition).aggregate(m=Max("updated_at"))["m"],
    ]
    parts = [stamp.isoformat() if stamp else "-" for stamp in stamps]
    # Entries and reference tables have no timestamp: their content goes into the key.
    entries = list(edition.entries.order_by("number").values_list("initiative_id", "number"))
    glossary = list(GlossaryTerm.objects.order_by("pk").values_list("acronym", "definition"))
    labels = [
        list(model.objects.order_by("pk").values_list("label", "position"))
        for model in (Keyword, PublicType, Funding)
    ]
    digest = hashlib.sha256(
        json.dumps([parts, entries, glossary, labels], default=str).encode()
    ).hexdigest()
    return digest[:16]

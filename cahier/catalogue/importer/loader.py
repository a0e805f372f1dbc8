"""Write a parsed cahier into the catalogue, in one transaction, idempotently.

Fiches are matched on edition + number: importing the same document again updates them and
creates nothing new. A fiche edited since its last import is not overwritten unless forced
(see guard.py). Taxonomy terms and glossary acronyms are matched on their label."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cahier.core.text import strip_accents

from .. import services
from ..models import (
    Edition,
    EditionEntry,
    Funding,
    GlossaryTerm,
    Keyword,
    Organisation,
    PublicType,
)
from ..selectors import region_resolver
from .document import CahierParseError, ParsedCahier, ParsedFiche
from .guard import ImportConflicts, import_create, import_update


@dataclass
class ImportReport:
    edition: Edition | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Fiches edited since their last import whose edits --force replaced.
    overwritten: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = [
            f"Édition « {self.edition.title} » ({self.edition.year}) : "
            f"{self.created + self.updated + self.unchanged} fiches "
            f"({self.created} créées, {self.updated} mises à jour, {self.unchanged} inchangées).",
        ]
        labels = {
            "keywords": "mots-clés",
            "publics": "types de public",
            "fundings": "financements spécifiques",
            "glossary": "sigles du glossaire",
            "organisations": "organismes porteurs",
            "events": "événements",
            "regions": "régions représentées",
        }
        lines.append(
            ", ".join(f"{self.counts.get(key, 0)} {label}" for key, label in labels.items()) + "."
        )
        if self.overwritten:
            lines.append(
                f"Modifications remplacées (--force, gardées dans l'historique) : "
                f"{', '.join(self.overwritten)}."
            )
        return lines


def _upsert_terms(model, entries) -> dict[str, object]:
    """Index labels → terms, keeping the index's order as the terms' position."""
    terms = {}
    for position, entry in enumerate(entries, start=1):
        term = model.objects.filter(label=entry.label).first()
        if term is None:
            base = slugify(strip_accents(entry.label)) or "terme"
            slug, counter = base, 2
            while model.objects.filter(slug=slug).exists():
                slug, counter = f"{base}-{counter}", counter + 1
            term = model.objects.create(label=entry.label, slug=slug, position=position)
        elif term.position != position:
            term.position = position
            term.save(update_fields=["position"])
        terms[entry.label] = term
    return terms


def _memberships(entries, terms) -> dict[int, list]:
    by_number: dict[int, list] = {}
    for entry in entries:
        for number in entry.numbers:
            by_number.setdefault(number, []).append(terms[entry.label])
    return by_number


def _fiche_data(fiche: ParsedFiche, region, keywords, publics, fundings) -> services.InitiativeData:
    event = None
    provenance = fiche.provenance
    if provenance:
        event = services.event_get_or_create(kind=provenance.event, year=provenance.year)
    return services.InitiativeData(
        title=fiche.title,
        region=region,
        territory=fiche.territory,
        description=fiche.description,
        added_value=fiche.added_value,
        porteur=fiche.porteur,
        public=fiche.public,
        partners=fiche.partners,
        links=fiche.links,
        referent_emails=fiche.referent_emails,
        results=fiche.results,
        event=event,
        provenance_status=provenance.status if provenance else "",
        provenance_category=provenance.category if provenance else "",
        keywords=keywords,
        publics=publics,
        fundings=fundings,
    )


@transaction.atomic
def load_cahier(
    parsed: ParsedCahier,
    *,
    slug: str | None = None,
    year: int | None = None,
    source: str = "",
    force: bool = False,
) -> ImportReport:
    """Create or update the edition described by *parsed*. All or nothing: raises
    ImportConflicts (nothing written) when fiches were edited since their last import, unless
    *force* (each overwritten fiche then gets a revision and an audit entry)."""
    year = year or parsed.year
    if year is None:
        raise CahierParseError(1, "année de l'édition introuvable : précisez --year.")
    slug = slug or str(year)
    report = ImportReport(warnings=[str(warning) for warning in parsed.warnings])

    services.regions_seed()
    find_region = region_resolver()
    regions = {}
    for fiche in parsed.fiches:
        region = find_region(fiche.region)
        if region is None:
            raise CahierParseError(fiche.line, f"région inconnue « {fiche.region} ».")
        regions[fiche.number] = region

    # The cover prints « Le cahier des initiatives » over « INCLUSION »: together, the title.
    title = " ".join(part for part in (parsed.title, parsed.subtitle) if part)
    values = {
        "year": year,
        "title": title,
        "subtitle": "",
        "publisher": parsed.publisher,
        "edito": parsed.edito,
        "edito_signature": parsed.edito_signature,
        "source_path": source,
        "is_published": True,
    }
    edition = Edition.objects.filter(slug=slug).first() or Edition(slug=slug)
    # Saving an unchanged edition would bump updated_at and throw away its cached PDF.
    changed = [name for name, value in values.items() if getattr(edition, name) != value]
    if edition.published_at is None:
        values["published_at"] = timezone.now()
        changed.append("published_at")
    if edition.pk is None or changed:
        for name, value in values.items():
            setattr(edition, name, value)
        edition.save()
    report.edition = edition

    keyword_terms = _upsert_terms(Keyword, parsed.keywords)
    public_terms = _upsert_terms(PublicType, parsed.publics)
    funding_terms = _upsert_terms(Funding, parsed.fundings)
    keywords_of = _memberships(parsed.keywords, keyword_terms)
    publics_of = _memberships(parsed.publics, public_terms)
    fundings_of = _memberships(parsed.fundings, funding_terms)

    # Only write what changed: each saved term makes the search reindex the fiches using it.
    known = dict(GlossaryTerm.objects.values_list("acronym", "definition"))
    for acronym, definition in parsed.glossary:
        if known.get(acronym) != definition:
            GlossaryTerm.objects.update_or_create(
                acronym=acronym, defaults={"definition": definition}
            )

    entries = {
        entry.number: entry
        for entry in edition.entries.select_related("initiative", "initiative__updated_by")
    }
    conflicts = []
    for fiche in parsed.fiches:
        data = _fiche_data(
            fiche,
            regions[fiche.number],
            keywords_of.get(fiche.number, []),
            publics_of.get(fiche.number, []),
            fundings_of.get(fiche.number, []),
        )
        list_title = fiche.list_title if fiche.list_title != fiche.title else ""
        entry = entries.pop(fiche.number, None)
        if entry is None:
            initiative = import_create(data=data, source=source)
            EditionEntry.objects.create(
                edition=edition, initiative=initiative, number=fiche.number, list_title=list_title
            )
            report.created += 1
            continue
        outcome = import_update(
            initiative=entry.initiative, number=fiche.number, data=data, source=source, force=force
        )
        if outcome.conflict is not None:
            conflicts.append(outcome.conflict)
        elif outcome.written:
            report.updated += 1
            if outcome.overwritten:
                report.overwritten.append(f"fiche {fiche.number} « {fiche.title} »")
        else:
            report.unchanged += 1
        if entry.list_title != list_title:
            entry.list_title = list_title
            entry.save(update_fields=["list_title"])
    if conflicts:
        raise ImportConflicts(conflicts)
    for number, stale in entries.items():
        report.warnings.append(
            f"la fiche {number} « {stale.initiative.title} » n'est plus dans le document : "
            "retirée de l'édition (l'initiative reste au catalogue)."
        )
        stale.delete()

    report.counts = {
        "keywords": len(keyword_terms),
        "publics": len(public_terms),
        "fundings": len(funding_terms),
        "glossary": len(parsed.glossary),
        "organisations": Organisation.objects.filter(initiatives__editions=edition)
        .distinct()
        .count(),
        "events": len(
            {(f.provenance.event, f.provenance.year) for f in parsed.fiches if f.provenance}
        ),
        "regions": len({region.pk for region in regions.values()}),
    }
    return report

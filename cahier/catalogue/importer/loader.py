"""Write a parsed cahier's fiches, indexes and glossary into the catalogue, idempotently.

Fiches are matched on their number in the edition being imported (the caller passes the
edition's numbering as `numbered`): importing the same document again updates them and creates
nothing new. A fiche edited since its last import is not overwritten unless forced (see
guard.py). Taxonomy terms and glossary acronyms are matched on their label. The edition itself
is written by the editions app (cahier.editions.importer), which calls this."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cahier.core.text import strip_accents

from .. import services
from ..enums import ProjectStatus
from ..models import (
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    Organisation,
    PublicType,
)
from ..selectors import region_resolver
from .document import CahierParseError, ParsedCahier, ParsedFiche
from .guard import ImportConflicts, import_create, import_update
from .life import LifeFacts, infer_life


@dataclass
class ImportReport:
    # The editions.Edition written by cahier.editions.importer (the catalogue knows no edition).
    edition: object | None = None
    # (number, initiative, list title) of every fiche of the document, for the edition.
    numbering: list[tuple[int, Initiative, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Fiches edited since their last import whose edits --force replaced.
    overwritten: list[str] = field(default_factory=list)
    # What the fiches' texts say of their projects' life (importer/life.py).
    started_years: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

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
        known = sum(self.statuses.values())
        detail = ", ".join(f"{n} « {status} »" for status, n in sorted(self.statuses.items()))
        lines.append(
            f"Vie des projets lue dans les textes : {_count(self.started_years, 'année')} "
            f"de début, {_count(known, 'statut')}{f' ({detail})' if detail else ''} ; "
            "les autres fiches restent « inconnu »."
        )
        if self.overwritten:
            lines.append(
                f"Modifications remplacées (--force, gardées dans l’historique) : "
                f"{', '.join(self.overwritten)}."
            )
        return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number > 1 else ''}"


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


def _fiche_data(
    fiche: ParsedFiche, region, keywords, publics, fundings, life: LifeFacts
) -> services.InitiativeData:
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
        project_status=life.status,
        started_year=life.started_year,
        ended_year=life.ended_year,
    )


def fiche_life(fiche: ParsedFiche, *, written_in: int | None, today: int) -> LifeFacts:
    """The project's life as the fiche's own text tells it (see importer/life.py)."""
    text = "\n".join([fiche.description, *fiche.added_value, fiche.results])
    return infer_life(text, written_in=written_in, today=today)


@transaction.atomic
def load_cahier(
    parsed: ParsedCahier,
    *,
    numbered: dict[int, Initiative],
    source: str = "",
    force: bool = False,
) -> ImportReport:
    """Create or update the fiches of *parsed*; *numbered* maps the numbers of the edition
    being imported to their initiatives. All or nothing: raises ImportConflicts (nothing
    written) when fiches were edited since their last import, unless *force* (each overwritten
    fiche then gets a revision and an audit entry)."""
    report = ImportReport(warnings=[str(warning) for warning in parsed.warnings])

    services.regions_seed()
    find_region = region_resolver()
    regions = {}
    for fiche in parsed.fiches:
        region = find_region(fiche.region)
        if region is None:
            raise CahierParseError(fiche.line, f"région inconnue « {fiche.region} ».")
        regions[fiche.number] = region

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

    numbered = dict(numbered)
    conflicts = []
    today = timezone.localdate().year
    for fiche in parsed.fiches:
        life = fiche_life(fiche, written_in=parsed.year, today=today)
        report.started_years += life.started_year is not None
        if life.status != ProjectStatus.UNKNOWN:
            report.statuses[life.status] = report.statuses.get(life.status, 0) + 1
        data = _fiche_data(
            fiche,
            regions[fiche.number],
            keywords_of.get(fiche.number, []),
            publics_of.get(fiche.number, []),
            fundings_of.get(fiche.number, []),
            life,
        )
        list_title = fiche.list_title if fiche.list_title != fiche.title else ""
        initiative = numbered.pop(fiche.number, None)
        if initiative is None:
            initiative = import_create(data=data, source=source)
            report.created += 1
            report.numbering.append((fiche.number, initiative, list_title))
            continue
        outcome = import_update(
            initiative=initiative, number=fiche.number, data=data, source=source, force=force
        )
        if outcome.conflict is not None:
            conflicts.append(outcome.conflict)
        elif outcome.written:
            report.updated += 1
            if outcome.overwritten:
                report.overwritten.append(f"fiche {fiche.number} « {fiche.title} »")
        else:
            report.unchanged += 1
        report.numbering.append((fiche.number, initiative, list_title))
    if conflicts:
        raise ImportConflicts(conflicts)
    for number, stale in numbered.items():
        report.warnings.append(
            f"la fiche {number} « {stale.title} » n’est plus dans le document : "
            "retirée de l’édition (l’initiative reste au catalogue)."
        )

    report.counts = {
        "keywords": len(keyword_terms),
        "publics": len(public_terms),
        "fundings": len(funding_terms),
        "glossary": len(parsed.glossary),
        "organisations": Organisation.objects.filter(
            initiatives__in=[initiative.pk for _, initiative, _ in report.numbering]
        )
        .distinct()
        .count(),
        "events": len(
            {(f.provenance.event, f.provenance.year) for f in parsed.fiches if f.provenance}
        ),
        "regions": len({region.pk for region in regions.values()}),
    }
    return report

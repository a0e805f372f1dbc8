"""Writes of the catalogue. Every create, update and delete of an initiative goes through here,
so that validation, optimistic locking and the search index stay in one place."""

import json
import re
from contextlib import suppress
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.core import limits
from cahier.core.cleaning import clean_line, clean_lines, clean_text, link_error
from cahier.core.siret import siret_error, siret_normalize
from cahier.core.text import count_fr, name_key, unique_slug

from . import structured
from .enums import (
    CHECK_INTERVAL_MONTHS,
    CheckInterval,
    Openness,
    ProjectStatus,
    PublicationStatus,
    TransferOffer,
)
from .models import (
    Event,
    Funding,
    GlossaryTerm,
    Initiative,
    InstitutionChange,
    Keyword,
    Organisation,
    PublicType,
    Region,
)
from .signals import initiatives_changed, initiatives_deleted

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


def regions_seed() -> int:
    """Create the reference regions that are missing (they are also seeded by a migration;
    this restores them after a database flush). Returns how many were created."""
    created = 0
    for row in json.loads(REGIONS_FILE.read_text(encoding="utf-8")):
        _, was_created = Region.objects.get_or_create(slug=row["slug"], defaults=row)
        created += was_created
    return created


INSTITUTION_CHANGES_FILE = Path(__file__).resolve().parent / "data" / "institution_changes.json"


def institution_changes_seed() -> int:
    """Create the shipped institution changes and new glossary acronyms that are missing (the
    migration catalogue 0009 seeds them too; this restores them after a database flush). An
    existing row or acronym is left as curators made it. Returns how many changes were created."""
    data = json.loads(INSTITUTION_CHANGES_FILE.read_text(encoding="utf-8"))
    created = 0
    for row in data["changes"]:
        row = {**row, "changed_on": date.fromisoformat(row["changed_on"])}
        _, was_created = InstitutionChange.objects.get_or_create(
            old_acronym=row.get("old_acronym", ""), old_name=row.get("old_name", ""), defaults=row
        )
        created += was_created
    for acronym, definition in data["glossary"]:
        GlossaryTerm.objects.get_or_create(acronym=acronym, defaults={"definition": definition})
    return created


GLOSSARY_ADDITIONS_FILE = Path(__file__).resolve().parent / "data" / "glossary_additions.json"


def glossary_additions_seed() -> int:
    """Create the shipped glossary acronyms the 2019 glossary lacks (JITE…) that are missing
    (the migration catalogue 0011 seeds them too; `cahier bootstrap` and the tests restore them
    after a flush). An acronym already there is left as curators wrote it. Returns how many
    were created."""
    data = json.loads(GLOSSARY_ADDITIONS_FILE.read_text(encoding="utf-8"))
    created = 0
    for term in data["terms"]:
        _, was_created = GlossaryTerm.objects.get_or_create(
            acronym=term["acronym"], defaults={"definition": term["definition"]}
        )
        created += was_created
    return created


VERSION_MISSING = (
    "La version de la fiche manque : rechargez la page puis refaites vos modifications "
    "(sans elle, l’enregistrement pourrait effacer celles d’une autre personne)."
)


def version_required(expected_version) -> int:
    """The optimistic lock cannot be skipped: no version (None, "", not a number) is refused."""
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise ValidationError({"version": VERSION_MISSING}, code="version_missing")
    return expected_version


class VersionConflict(Exception):
    """Someone saved the initiative since the editor loaded it."""

    def __init__(self, initiative: Initiative, expected_version: int):
        self.initiative = initiative
        self.expected_version = expected_version
        super().__init__(
            f"La fiche « {initiative.title} » a été modifiée entre-temps "
            f"(version {initiative.version}, vous éditiez la version {expected_version})."
        )


LINE_FIELDS = ("title", "territory", "porteur", "provenance_category", "origin_name", "origin_url")
TEXT_FIELDS = (
    "description",
    "public",
    "results",
    "success_conditions",
    "pitfalls",
    "essential_partners",
    "prerequisites",
    "adaptations",
)
LIST_FIELDS = ("added_value", "partners", "links", "referent_emails")
# Lists of records: each declared, cleaned and checked once, in structured.py.
RECORD_FIELDS = {
    "funders": (structured.clean_funders, structured.funder_errors),
    "outcomes": (structured.clean_outcomes, structured.outcome_errors),
    "resources": (structured.clean_resources, structured.resource_errors),
    "contacts": (structured.clean_contacts, structured.contact_errors),
}
# Plain values copied as they are between InitiativeData and the model.
PLAIN_FIELDS = (
    "territory",
    "description",
    "added_value",
    "public",
    "partners",
    "links",
    "referent_emails",
    "results",
    "event",
    "provenance_status",
    "provenance_category",
    "project_status",
    "started_year",
    "ended_year",
    "success_conditions",
    "pitfalls",
    "budget_min",
    "budget_max",
    "staff_fte",
    "setup_months",
    "essential_partners",
    "prerequisites",
    "openness",
    "offers",
    "replication_of",
    "origin_name",
    "origin_url",
    "adaptations",
    "check_interval_months",
    *RECORD_FIELDS,
)
YEAR_RANGE = (1900, 2100)


@dataclass
class InitiativeData:
    """Every fact a fiche holds, as plain values (what forms, the importer and the API produce)."""

    title: str
    region: Region
    territory: str = ""
    description: str = ""
    added_value: list[str] = field(default_factory=list)
    porteur: str = ""
    public: str = ""
    partners: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    referent_emails: list[str] = field(default_factory=list)
    results: str = ""
    event: Event | None = None
    provenance_status: str = ""
    provenance_category: str = ""
    keywords: list[Keyword] = field(default_factory=list)
    publics: list[PublicType] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    # Life of the project and transfer kit (docs/essaimage.md).
    project_status: str = ProjectStatus.UNKNOWN
    started_year: int | None = None
    ended_year: int | None = None
    success_conditions: str = ""
    pitfalls: str = ""
    budget_min: int | None = None
    budget_max: int | None = None
    funders: list[dict] = field(default_factory=list)
    staff_fte: float | None = None
    setup_months: int | None = None
    essential_partners: str = ""
    prerequisites: str = ""
    resources: list[dict] = field(default_factory=list)
    openness: str = Openness.UNSPECIFIED
    offers: list[str] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)
    replication_of: Initiative | None = None
    origin_name: str = ""
    origin_url: str = ""
    adaptations: str = ""
    contacts: list[dict] = field(default_factory=list)
    # How often the holder is asked to confirm the fiche (months; docs/living-catalogue.md).
    check_interval_months: int = CHECK_INTERVAL_MONTHS

    def __post_init__(self):
        # The one cleaning rule (cahier.core.cleaning), applied as the data is made, so that
        # no way in (form, import, JSON load, restore) can skip it and the import guard
        # compares what will be stored.
        for name in LINE_FIELDS:
            setattr(self, name, clean_line(getattr(self, name)))
        for name in TEXT_FIELDS:
            setattr(self, name, clean_text(getattr(self, name)))
        for name in LIST_FIELDS:
            setattr(self, name, clean_lines(getattr(self, name)))
        for name, (clean, _) in RECORD_FIELDS.items():
            setattr(self, name, clean(getattr(self, name)))
        self.offers = [offer for offer in dict.fromkeys(clean_lines(self.offers))]
        self.project_status = self.project_status or ProjectStatus.UNKNOWN
        self.openness = self.openness or Openness.UNSPECIFIED
        if self.check_interval_months in (None, ""):
            self.check_interval_months = CHECK_INTERVAL_MONTHS
        elif isinstance(self.check_interval_months, str) and self.check_interval_months.isdigit():
            self.check_interval_months = int(self.check_interval_months)
        if isinstance(self.staff_fte, int | float | str) and not isinstance(self.staff_fte, bool):
            with suppress(ValueError):  # left as typed: the checks name it
                self.staff_fte = round(float(str(self.staff_fte).replace(",", ".")), 1)

    @classmethod
    def from_initiative(cls, initiative: Initiative) -> "InitiativeData":
        values = {f.name: getattr(initiative, f.name) for f in fields(cls) if f.init}
        values["porteur"] = initiative.porteur_label
        for name in ("keywords", "publics", "fundings"):
            values[name] = list(getattr(initiative, name).all())
        return cls(**values)


def organisation_get_or_create(*, name: str) -> Organisation | None:
    """The organisation *name* designates; spellings that differ only by case, accents or
    punctuation are the same organisation (the spelling is remembered)."""
    name = " ".join(name.split())
    key = name_key(name)
    if not key:
        return None
    organisation, created = Organisation.objects.get_or_create(
        key=key, defaults={"name": name, "spellings": [name]}
    )
    if not created and name not in organisation.spellings:
        organisation.spellings = [*organisation.spellings, name]
        organisation.save(update_fields=["spellings"])
    return organisation


def event_get_or_create(*, kind: str, year: int) -> Event:
    event, _ = Event.objects.get_or_create(kind=kind, year=year)
    return event


def _link_errors(data: InitiativeData) -> list[str]:
    return [message for message in map(link_error, data.links) if message]


def initiative_check_lengths(*, data: InitiativeData) -> None:
    """Every text of *data* within its limit (cahier/core/limits.py), else a ValidationError
    naming each field too long. Linear and cheap: callers run it before anything costly
    (sanitising, diffing, indexing)."""
    limits.check({name: getattr(data, name) for name in limits.INITIATIVE}, limits.INITIATIVE)


def _choice_errors(data: InitiativeData) -> dict:
    errors = {}
    if data.project_status not in ProjectStatus.values:
        errors["project_status"] = f"Statut du projet « {data.project_status} » inconnu."
    if data.openness not in Openness.values:
        errors["openness"] = f"Ouverture à l’essaimage « {data.openness} » inconnue."
    interval = data.check_interval_months
    if isinstance(interval, bool) or interval not in CheckInterval.values:
        errors["check_interval_months"] = (
            f"Rythme de vérification « {interval} » inconnu : 6, 12 ou 24\u00a0mois."
        )
    if unknown := [offer for offer in data.offers if offer not in TransferOffer.values]:
        errors["offers"] = (
            f"{count_fr(len(unknown), 'proposition inconnue', 'propositions inconnues')} : "
            f"{', '.join(unknown)}."
        )
    return errors


def _number_errors(data: InitiativeData) -> dict:
    errors = {}
    low, high = YEAR_RANGE
    for name, label in (("started_year", "de début"), ("ended_year", "de fin")):
        year = getattr(data, name)
        if year is not None and (not isinstance(year, int) or not low <= year <= high):
            errors[name] = f"Année {label} « {year} » invalide (entre {low} et {high})."
    if not errors and data.started_year and data.ended_year and data.ended_year < data.started_year:
        errors["ended_year"] = "L’année de fin précède l’année de début."
    for name in ("budget_min", "budget_max", "setup_months"):
        value = getattr(data, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[name] = f"« {value} » n’est pas un nombre entier positif."
    low_budget, high_budget = data.budget_min, data.budget_max
    if (
        not {"budget_min", "budget_max"} & errors.keys()
        and low_budget is not None
        and high_budget is not None
        and high_budget < low_budget
    ):
        errors["budget_max"] = "Le budget maximal est inférieur au budget minimal."
    fte = data.staff_fte
    if fte is not None and (not isinstance(fte, float) or not 0 <= fte <= 10_000):
        errors["staff_fte"] = f"Moyens humains « {data.staff_fte} » ETP invalides."
    if data.setup_months is not None and "setup_months" not in errors and data.setup_months > 240:
        errors["setup_months"] = "La durée de mise en place dépasse 240 mois."
    return errors


def lineage_errors(*, initiative: Initiative | None, data: InitiativeData) -> dict:
    """A fiche replicates at most one origin (a fiche or an outside project), never itself
    nor, through a chain, one of its own replications."""
    errors = {}
    origin = data.replication_of
    if data.origin_url and (message := link_error(data.origin_url)):
        errors["origin_url"] = message
    if origin is not None and (data.origin_name or data.origin_url):
        errors["replication_of"] = (
            "Choisissez soit une fiche du catalogue, soit un projet extérieur, pas les deux."
        )
    if origin is None or initiative is None or initiative.pk is None:
        return errors
    seen = set()
    current = origin
    while current is not None and current.pk not in seen:
        if current.pk == initiative.pk:
            errors["replication_of"] = (
                "Une fiche ne peut pas être son propre essaimage."
                if origin.pk == initiative.pk
                else f"« {origin.title} » est déjà un essaimage de cette fiche : le lien "
                "ferait une boucle."
            )
            break
        seen.add(current.pk)
        current = current.replication_of
    return errors


def _validate(data: InitiativeData, initiative: Initiative | None = None) -> None:
    initiative_check_lengths(data=data)
    errors = {}
    if link_errors := _link_errors(data):
        errors["links"] = link_errors
    for name, (_, check) in RECORD_FIELDS.items():
        if messages := check(getattr(data, name)):
            errors[name] = messages
    errors.update(_choice_errors(data))
    errors.update(_number_errors(data))
    errors.update(lineage_errors(initiative=initiative, data=data))
    if not data.title.strip():
        errors["title"] = "Le titre est obligatoire."
    if data.region is None:
        errors["region"] = "La région est obligatoire."
    if data.provenance_status and data.event is None:
        errors["event"] = "Un statut de provenance suppose un événement (JITE ou Trophées FSE)."
    if errors:
        raise ValidationError(errors)


def initiative_validate(*, data: InitiativeData, initiative: Initiative | None = None) -> None:
    """The checks `initiative_create` / `initiative_update` will run on *data*, without
    writing (ValidationError by field): a spreadsheet's preview shows them before its import."""
    _validate(replace(data), initiative)


def _apply(initiative: Initiative, data: InitiativeData) -> None:
    initiative.title = data.title.strip()
    initiative.region = data.region
    initiative.porteur_label = data.porteur
    initiative.porteur = organisation_get_or_create(name=data.porteur) if data.porteur else None
    for name in PLAIN_FIELDS:
        value = getattr(data, name)
        setattr(initiative, name, list(value) if isinstance(value, list) else value)


def _set_taxonomies(initiative: Initiative, data: InitiativeData) -> None:
    initiative.keywords.set(data.keywords)
    initiative.publics.set(data.publics)
    initiative.fundings.set(data.fundings)


def _with_origins(pk: int, *origins: Initiative | None) -> list[int]:
    return list(dict.fromkeys([pk, *(origin.pk for origin in origins if origin is not None)]))


@transaction.atomic
def initiative_create(
    *,
    data: InitiativeData,
    status: str = PublicationStatus.DRAFT,
    slug: str | None = None,
    created_by=None,
) -> Initiative:
    data = replace(data)  # cleaned again: a field may have been set after the data was made
    _validate(data)
    initiative = Initiative(status=status, created_by=created_by, updated_by=created_by)
    _apply(initiative, data)
    taken = set(Initiative.objects.values_list("slug", flat=True))
    initiative.slug = slug or unique_slug(initiative.title, taken)
    if status == PublicationStatus.PUBLISHED:
        initiative.published_at = timezone.now()
    initiative.save()
    _set_taxonomies(initiative, data)
    # The origin counts its replications (search facet « essaimé », its page): reindex it too.
    initiatives_changed.send(
        sender=Initiative, ids=_with_origins(initiative.pk, data.replication_of)
    )
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, data: InitiativeData, expected_version: int, actor=None
) -> Initiative:
    """Save *data* onto *initiative*, the version the writer started from being
    *expected_version*: refused (VersionConflict) when someone else saved since (the row is
    locked and its version compared before writing), and (ValidationError) without a version.
    *actor* (None: the import) is remembered as the last person who changed the content."""
    version_required(expected_version)
    data = replace(data)  # cleaned again: a field may have been set after the data was made
    _validate(data, initiative)
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.version != expected_version:
        raise VersionConflict(current, expected_version)
    previous_origin = current.replication_of
    _apply(current, data)
    current.updated_by = actor if actor is not None and actor.is_authenticated else None
    current.version = current.version + 1
    current.save()
    _set_taxonomies(current, data)
    ids = _with_origins(current.pk, previous_origin, data.replication_of)
    initiatives_changed.send(sender=Initiative, ids=ids)
    return current


@transaction.atomic
def initiative_set_status(*, initiative: Initiative, status: str) -> Initiative:
    initiative.status = status
    fields_to_save = ["status", "updated_at"]
    if status == PublicationStatus.PUBLISHED and initiative.published_at is None:
        initiative.published_at = timezone.now()
        fields_to_save.append("published_at")
    initiative.save(update_fields=fields_to_save)
    # Publishing or archiving a replication changes what its origin shows.
    ids = [initiative.pk] + ([initiative.replication_of_id] if initiative.replication_of_id else [])
    initiatives_changed.send(sender=Initiative, ids=ids)
    return initiative


@transaction.atomic
def initiative_verify(*, initiative: Initiative, at=None) -> Initiative:
    """Someone confirmed the fiche is still accurate: it is dated, nothing else changes (no
    new version: an editor who had the fiche open can still save)."""
    initiative.verified_at = at or timezone.now()
    Initiative.objects.filter(pk=initiative.pk).update(verified_at=initiative.verified_at)
    initiatives_changed.send(sender=Initiative, ids=[initiative.pk])
    return initiative


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    """Save an organisation edited by hand (its name is indexed with its fiches: reindex them).
    Its SIRET is stored without spaces and must pass its key (ValidationError otherwise)."""
    organisation.siret = siret_normalize(organisation.siret)
    if message := siret_error(organisation.siret):
        raise ValidationError({"siret": message})
    organisation.save()
    ids = list(organisation.initiatives.values_list("pk", flat=True))
    if ids:
        initiatives_changed.send(sender=Initiative, ids=ids)
    return organisation


@transaction.atomic
def term_delete(*, term: Keyword | PublicType | Funding) -> None:
    """Delete a taxonomy term; the fiches that had it are reindexed (a cascade sends no
    m2m signal, so the search would otherwise keep finding them under it)."""
    ids = list(term.initiatives.values_list("pk", flat=True))
    term.delete()
    if ids:
        initiatives_changed.send(sender=Initiative, ids=ids)


@transaction.atomic
def initiative_delete(*, initiative: Initiative) -> None:
    initiatives_deleted.send(sender=Initiative, ids=[initiative.pk])
    initiative.delete()


_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
INSTITUTION_CHANGE_FIELDS = (
    "old_name",
    "old_acronym",
    "new_name",
    "new_acronym",
    "changed_on",
    "source",
    "source_url",
    "note",
    "old_mail_domains",
)


def _institution_change_errors(change: InstitutionChange) -> dict[str, str]:
    errors = {}
    if not (change.old_name or change.old_acronym):
        errors["old_name"] = "Indiquez l’ancien nom ou l’ancien sigle."
    if not (change.new_name or change.new_acronym):
        errors["new_name"] = "Indiquez le nouveau nom ou le nouveau sigle."
    if change.changed_on is None:
        errors["changed_on"] = "Indiquez la date du changement (ex. 01/04/2021)."
    if change.source_url and (problem := link_error(change.source_url)):
        errors["source_url"] = problem
    if wrong := [d for d in change.old_mail_domains if not _DOMAIN.fullmatch(d)]:
        errors["old_mail_domains"] = (
            f"« {wrong[0]} » n’est pas un domaine de messagerie (ex. direccte.gouv.fr)."
        )
    same = InstitutionChange.objects.exclude(pk=change.pk)
    if change.old_acronym and same.filter(old_acronym__iexact=change.old_acronym).exists():
        errors["old_acronym"] = f"Le sigle « {change.old_acronym} » a déjà sa ligne."
    if change.old_name and same.filter(old_name__iexact=change.old_name).exists():
        errors["old_name"] = f"Le nom « {change.old_name} » a déjà sa ligne."
    return errors


@transaction.atomic
def institution_change_save(
    *, change: InstitutionChange | None = None, **values
) -> InstitutionChange:
    """Create or update an institution that changed names (the table curators edit): texts
    cleaned, mail domains stored in lower case without « @ », ValidationError by field. The
    site reads the table on each page; the search forgets its lexicon (search.receivers)."""
    unknown = set(values) - set(INSTITUTION_CHANGE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    limits.check(values, limits.INSTITUTION_CHANGE)
    change = change or InstitutionChange()
    for name, value in values.items():
        if name in ("note",):
            value = clean_text(value or "")
        elif name == "old_mail_domains":
            value = list(dict.fromkeys(d.strip().lower().lstrip("@.") for d in clean_lines(value)))
            value = [d for d in value if d]
        elif name != "changed_on":
            value = clean_line(value or "")
        setattr(change, name, value)
    if errors := _institution_change_errors(change):
        raise ValidationError(errors)
    change.save()
    return change


@transaction.atomic
def institution_change_delete(*, change: InstitutionChange) -> None:
    change.delete()

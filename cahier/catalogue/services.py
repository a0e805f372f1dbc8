"""Writes of the catalogue. Every create, update and delete of an initiative goes through here,
so that validation, optimistic locking and the search index stay in one place."""

import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.core import limits
from cahier.core.cleaning import clean_line, clean_lines, clean_text, link_error
from cahier.core.text import name_key, unique_slug

from .enums import PublicationStatus
from .models import Event, Funding, Initiative, Keyword, Organisation, PublicType, Region
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


VERSION_MISSING = (
    "La version de la fiche manque : rechargez la page puis refaites vos modifications "
    "(sans elle, l'enregistrement pourrait effacer celles d'une autre personne)."
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


LINE_FIELDS = ("title", "territory", "porteur", "provenance_category")
TEXT_FIELDS = ("description", "public", "results")
LIST_FIELDS = ("added_value", "partners", "links", "referent_emails")


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


def _validate(data: InitiativeData) -> None:
    initiative_check_lengths(data=data)
    errors = {}
    if link_errors := _link_errors(data):
        errors["links"] = link_errors
    if not data.title.strip():
        errors["title"] = "Le titre est obligatoire."
    if data.region is None:
        errors["region"] = "La région est obligatoire."
    if data.provenance_status and data.event is None:
        errors["event"] = "Un statut de provenance suppose un événement (JITE ou Trophées FSE)."
    if errors:
        raise ValidationError(errors)


def _apply(initiative: Initiative, data: InitiativeData) -> None:
    initiative.title = data.title.strip()
    initiative.region = data.region
    initiative.territory = data.territory
    initiative.description = data.description
    initiative.added_value = list(data.added_value)
    initiative.porteur_label = data.porteur
    initiative.porteur = organisation_get_or_create(name=data.porteur) if data.porteur else None
    initiative.public = data.public
    initiative.partners = list(data.partners)
    initiative.links = list(data.links)
    initiative.referent_emails = list(data.referent_emails)
    initiative.results = data.results
    initiative.event = data.event
    initiative.provenance_status = data.provenance_status
    initiative.provenance_category = data.provenance_category


def _set_taxonomies(initiative: Initiative, data: InitiativeData) -> None:
    initiative.keywords.set(data.keywords)
    initiative.publics.set(data.publics)
    initiative.fundings.set(data.fundings)


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
    initiatives_changed.send(sender=Initiative, ids=[initiative.pk])
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
    _validate(data)
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.version != expected_version:
        raise VersionConflict(current, expected_version)
    _apply(current, data)
    current.updated_by = actor if actor is not None and actor.is_authenticated else None
    current.version = current.version + 1
    current.save()
    _set_taxonomies(current, data)
    initiatives_changed.send(sender=Initiative, ids=[current.pk])
    return current


@transaction.atomic
def initiative_set_status(*, initiative: Initiative, status: str) -> Initiative:
    initiative.status = status
    fields_to_save = ["status", "updated_at"]
    if status == PublicationStatus.PUBLISHED and initiative.published_at is None:
        initiative.published_at = timezone.now()
        fields_to_save.append("published_at")
    initiative.save(update_fields=fields_to_save)
    initiatives_changed.send(sender=Initiative, ids=[initiative.pk])
    return initiative


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    """Save an organisation edited by hand (its name is indexed with its fiches: reindex them)."""
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

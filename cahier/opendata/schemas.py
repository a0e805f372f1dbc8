"""The open-data record as a django-ninja schema, for the OpenAPI description of
`GET /api/v1/initiatives/{slug}`. The record itself is `records.initiative_record` (the API
returns it as is); each field's description is the TableSchema's, so the two documentations
say the same thing."""

from ninja import Field, Schema

from cahier.opendata.tableschema import FIELDS, LIST_NOTE


def _described(name: str, *default) -> Field:
    # The CSV joins lists with « | »; in JSON they are arrays: that note is the CSV's only.
    return Field(*default, description=FIELDS[name]["description"].removesuffix(LIST_NOTE))


class Provenance(Schema):
    event: str | None = _described("provenance_event", None)
    year: int | None = _described("provenance_year", None)
    status: str | None = _described("provenance_status", None)
    category: str | None = _described("provenance_category", None)


class InitiativeRecord(Schema):
    """The open-data record of one initiative (same fields as the JSON and CSV exports)."""

    id: str = _described("id")
    number: int | None = _described("number", None)
    slug: str = _described("slug")
    title: str = _described("title")
    region: str = _described("region")
    territory: str = _described("territory")
    description: str = _described("description")
    added_value: list[str] = _described("added_value")
    porteur: str = _described("porteur")
    public: str = _described("public")
    partners: list[str] = _described("partners")
    links: list[str] = _described("links")
    referent_emails: list[str] = _described("referent_emails")
    results: str = _described("results")
    provenance: Provenance
    keywords: list[str] = _described("keywords")
    publics: list[str] = _described("publics")
    fundings: list[str] = _described("fundings")

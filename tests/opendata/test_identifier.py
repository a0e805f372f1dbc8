"""The permanent identifier of a fiche: the open-data `id`, in every format and on the page;
it never changes and it survives an export loaded into another instance."""

import csv
import io
import json
import uuid

import pytest
from django.core.exceptions import ValidationError

from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData, initiative_update
from cahier.opendata.jsonld import initiative_jsonld
from cahier.opendata.loader import catalogue_load_json
from cahier.opendata.records import initiative_records
from cahier.opendata.tableschema import table_schema
from tests.opendata.sheets import xlsx_rows

API = "/api/v1"
EXPORTS = "/api/v1/exports"


def ids_by_slug(client) -> dict[str, str]:
    records = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())["initiatives"]
    return {record["slug"]: record["id"] for record in records}


def test_every_format_carries_the_same_id(client, sample_edition):
    ids = ids_by_slug(client)
    assert len(set(ids.values())) == 6
    for value in ids.values():
        assert str(uuid.UUID(value)) == value
    assert client.get(f"{API}/initiatives/fiche-3").json()["id"] == ids["fiche-3"]
    content = client.get(f"{EXPORTS}/initiatives.csv").getvalue().decode("utf-8-sig")
    assert {row["slug"]: row["id"] for row in csv.DictReader(io.StringIO(content))} == ids
    rows = xlsx_rows(client.get(f"{EXPORTS}/initiatives.xlsx").getvalue())
    assert {row["slug"]: row["id"] for row in rows} == ids
    initiative = Initiative.objects.with_relations().get(slug="fiche-3")
    assert initiative_jsonld(initiative)["identifier"] == ids["fiche-3"]


def test_the_table_schema_describes_the_id_as_the_key(client, sample_edition):
    schema = client.get(f"{EXPORTS}/schema.json").json()
    field = next(field for field in schema["fields"] if field["name"] == "id")
    assert field["format"] == "uuid" and "ne change jamais" in field["description"]
    assert field["constraints"] == {"required": True, "unique": True}
    assert schema["primaryKey"] == "id"
    # Added after the 1.0 columns: their positions hold.
    names = [field["name"] for field in table_schema()["fields"]]
    assert names.index("id") == names.index("fundings") + 1


def test_the_openapi_record_documents_every_field_of_the_record(client, sample_edition):
    components = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    record = client.get(f"{API}/initiatives/fiche-6").json()
    documented = components["InitiativeRecord"]["properties"]
    assert set(documented) == set(record)
    assert set(components["Provenance"]["properties"]) == set(record["provenance"])
    assert "ne change jamais" in documented["id"]["description"]
    assert "|" not in documented["keywords"]["description"]  # the CSV note is the CSV's


def test_the_id_never_changes_with_title_number_or_slug(client, sample_edition, draft_edition):
    before = ids_by_slug(client)
    fiche = Initiative.objects.get(slug="fiche-1")
    data = InitiativeData.from_initiative(fiche)
    data.title = "Un toit et un emploi"
    initiative_update(initiative=fiche, data=data, expected_version=fiche.version)
    Initiative.objects.filter(pk=fiche.pk).update(slug="un-toit-et-un-emploi")
    record = client.get(f"{API}/initiatives/un-toit-et-un-emploi").json()
    assert record["title"] == "Un toit et un emploi" and record["id"] == before["fiche-1"]
    # A reuser who kept the id finds the fiche under its new slug.
    assert client.get(f"{API}/initiatives/{before['fiche-1']}").json() == record
    assert client.get(f"{API}/initiatives/{uuid.uuid4()}").status_code == 404
    numbered = {r["id"]: r["number"] for r in initiative_records(edition=draft_edition)}
    assert numbered[before["fiche-1"]] == 6 and numbered[before["fiche-6"]] == 1


@pytest.mark.postgres
def test_a_loaded_fiche_keeps_the_id_of_the_file(client, sample_edition):
    """Before, the loader matched on the slug only: a fiche renamed here came back twice."""
    document = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    ids = {record["slug"]: record["id"] for record in document["initiatives"]}
    # This instance renamed fiche 1, and gave fiche 2 an id of its own (imported separately).
    Initiative.objects.filter(slug="fiche-1").update(slug="fiche-1-renommee")
    Initiative.objects.filter(slug="fiche-2").update(uid=uuid.uuid4())
    counts = catalogue_load_json(document=document)
    assert counts["created"] == 0 and counts["initiatives"] == 6
    assert Initiative.objects.count() == 6
    assert str(Initiative.objects.get(slug="fiche-1-renommee").uid) == ids["fiche-1"]
    assert str(Initiative.objects.get(slug="fiche-2").uid) == ids["fiche-2"]


def test_a_file_without_ids_still_loads(client, sample_edition):
    document = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    before = ids_by_slug(client)
    for record in document["initiatives"]:
        del record["id"]
    counts = catalogue_load_json(document=document)
    assert (counts["created"], counts["unchanged"]) == (0, 6)
    assert ids_by_slug(client) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({1: "pas-un-uuid"}, "Fiche « fiche-2 » : identifiant permanent « pas-un-uuid » invalide."),
        ({2: "same"}, "« fiche-3 » : identifiant permanent .* déjà donné"),
    ],
)
def test_a_bad_id_is_a_clear_error_and_loads_nothing(client, sample_edition, change, message):
    document = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    same = document["initiatives"][0]["id"]
    for index, value in change.items():
        document["initiatives"][index]["id"] = same if value == "same" else value
    document["initiatives"][0]["title"] = "Changé par le fichier"
    with pytest.raises(ValidationError, match=message):
        catalogue_load_json(document=document)
    assert Initiative.objects.get(slug="fiche-1").title == "Un toit, un emploi"


def test_the_fiche_page_shows_its_permanent_identifier(client, sample_edition):
    uid = Initiative.objects.get(slug="fiche-4").uid
    html = client.get("/initiatives/fiche-4/").getvalue().decode()
    assert f'Identifiant permanent&nbsp;: <span translate="no">{uid}</span>' in html
    assert json.dumps(str(uid)) in html  # and in its JSON-LD

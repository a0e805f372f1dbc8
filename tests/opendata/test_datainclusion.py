"""The data·inclusion exports (issue 16): every item validated by the official package
(`data-inclusion-schema`), only projects « en cours », the documented mapping (themes,
publics, territory → zone codes, porteur → structure with SIRET, public contacts only)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from data_inclusion.schema.v1 import Service, Structure
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.timezone import localdate

from cahier.catalogue import services
from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.models import Organisation
from cahier.opendata import datainclusion
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/exports/data-inclusion"
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def catalogue():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    qpv = f.KeywordFactory(label="QPV", slug="qpv")
    youth = f.PublicTypeFactory(label="Jeunes", slug="jeunes")
    advisers = f.PublicTypeFactory(label="Conseillers", slug="conseillers")
    garage = f.InitiativeFactory(
        with_kit=True,
        title="Garage solidaire.",
        slug="garage",
        region=f.region("bretagne"),
        territory="Rennes et Brest",
        porteur="Association Horizon",
        keywords=[mobility, qpv],
        publics=[youth, advisers],
    )
    organisation = garage.porteur
    organisation.siret = "73282932000074"
    services.organisation_save(organisation=organisation)
    f.InitiativeFactory(
        title="Plateforme nationale",
        slug="nationale",
        region=f.region("national"),
        project_status=ProjectStatus.ONGOING,
        porteur="Fédération des acteurs",
    )
    f.InitiativeFactory(
        title="Atelier du Nord-Est",
        slug="grand-est",
        region=f.region("grand-est"),
        territory="Quelque part",
        project_status=ProjectStatus.ONGOING,
        porteur="Association Horizon",
    )
    f.InitiativeFactory(title="Projet terminé", slug="fini", project_status=ProjectStatus.ENDED)
    f.InitiativeFactory(title="Projet sans statut", slug="inconnu")
    f.InitiativeFactory(
        title="Brouillon en cours",
        slug="brouillon",
        project_status=ProjectStatus.ONGOING,
        draft=True,
    )
    return garage


def _strict(model, item):
    """The package's model, its warnings (« nom » ending with a full stop…) made errors."""
    return model.model_validate(item, context={"ignore_warnings": False})


@pytest.mark.postgres
def test_every_service_and_structure_validates_with_the_official_schema(client, catalogue):
    response = client.get(f"{EXPORTS}/services.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="cahier-data-inclusion-services-{localdate().isoformat()}.json"'
    )
    items = json.loads(response.getvalue())
    for item in items:
        _strict(Service, item)
    structures = json.loads(client.get(f"{EXPORTS}/structures.json").getvalue())
    for item in structures:
        _strict(Structure, item)
    # Every service belongs to an exported structure, each structure once.
    ids = [structure["id"] for structure in structures]
    assert len(ids) == len(set(ids)) == 2
    assert {item["structure_id"] for item in items} == set(ids)


def test_only_published_projects_en_cours_are_services(client, catalogue):
    items = json.loads(client.get(f"{EXPORTS}/services.json").getvalue())
    assert sorted(item["nom"] for item in items) == [
        "Atelier du Nord-Est",
        "Garage solidaire",  # the final full stop dropped (the schema warns about it)
        "Plateforme nationale",
    ]


@pytest.mark.postgres
def test_the_mapping_of_one_fiche(client, catalogue):
    items = json.loads(client.get(f"{EXPORTS}/services.json").getvalue())
    garage = next(item for item in items if item["nom"] == "Garage solidaire")
    assert garage["id"] == f"cahier--{catalogue.uid}"
    assert garage["source"] == "cahier"
    assert garage["thematiques"] == ["mobilite--etre-accompagne-dans-son-parcours-mobilite"]
    # « Jeunes » and the keyword « QPV »; « Conseillers » are no public of a service.
    assert garage["publics"] == ["jeunes", "residents-qpv-frr"]
    assert garage["publics_precisions"] == catalogue.public
    # « Rennes et Brest »: the two communes (INSEE codes) from the gazetteer.
    assert garage["zone_eligibilite"] == ["29019", "35238"]
    assert garage["date_maj"] == catalogue.updated_at.date().isoformat()
    assert garage["lien_source"].endswith("/initiatives/garage/")
    assert garage["lien_mobilisation"] == "https://example.org/initiative"
    # The holder's address is not public: the State referent's public one is exported.
    assert garage["courriel"] == "pole3e@dreets.example"
    assert garage["telephone"] == "02 99 00 00 00"
    assert "direction@horizon.example" not in json.dumps(items)
    # Nothing of what has no place in the schema leaks into it.
    assert not {"results", "added_value", "transfer", "outcomes"} & set(garage)


def test_territory_falls_back_to_the_departments_of_the_region(client, catalogue):
    items = {
        item["nom"]: item for item in json.loads(client.get(f"{EXPORTS}/services.json").getvalue())
    }
    # Grand Est (INSEE 44): its ten departments, since « Quelque part » names none.
    assert items["Atelier du Nord-Est"]["zone_eligibilite"] == [
        "08", "10", "51", "52", "54", "55", "57", "67", "68", "88",
    ]  # fmt: skip
    assert items["Plateforme nationale"]["zone_eligibilite"] == ["france"]


def test_structures_carry_the_siret(client, catalogue):
    structures = {
        s["nom"]: s for s in json.loads(client.get(f"{EXPORTS}/structures.json").getvalue())
    }
    assert structures["Association Horizon"]["siret"] == "73282932000074"
    assert structures["Fédération des acteurs"]["siret"] is None


@pytest.mark.postgres
def test_filters_command_and_api_give_the_same_bytes(client, catalogue):
    response = client.get(f"{EXPORTS}/services.json", {"region": "bretagne"})
    body = response.getvalue()
    assert [item["nom"] for item in json.loads(body)] == ["Garage solidaire"]
    out = StringIO()
    call_command(
        "export", "--format", "data-inclusion-services", "--region", "bretagne", stdout=out
    )
    assert out.getvalue().encode() == body
    out = StringIO()
    call_command("export", "--format", "data-inclusion-structures", stdout=out)
    assert out.getvalue().encode() == client.get(f"{EXPORTS}/structures.json").getvalue()
    assert client.get(f"{EXPORTS}/services.json", {"region": "atlantide"}).status_code == 400


def test_the_openapi_documents_both_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for name in ("services", "structures"):
        answer = paths[f"{EXPORTS}/{name}.json"]["get"]["responses"]["200"]
        assert answer["content"]["application/json"]["schema"]["type"] == "array"


def test_mapping_tables_use_the_schema_values_and_the_docs_list_the_rest():
    from data_inclusion.schema.v1 import Public, Thematique

    for values in datainclusion.KEYWORD_THEMATIQUES.values():
        assert all(isinstance(value, Thematique) for value in values)
    for table in (datainclusion.PUBLIC_PUBLICS, datainclusion.KEYWORD_PUBLICS):
        assert all(isinstance(v, Public) for values in table.values() for v in values)
    docs = (DOCS / "open-data.md").read_text(encoding="utf-8")
    section = docs[docs.index("## data·inclusion") :]
    for label in datainclusion.NOT_CARRIED.values():
        assert label.split(" (")[0].split(" :")[0] in section


def test_a_curator_siret_is_checked_by_its_key(catalogue):
    organisation = Organisation.objects.get(name="Fédération des acteurs")
    organisation.siret = "732 829 320 00075"
    with pytest.raises(ValidationError, match="clé de contrôle"):
        services.organisation_save(organisation=organisation)
    organisation.siret = "732 829 320 00074"
    services.organisation_save(organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.siret == "73282932000074"


def test_the_services_are_streamed_with_the_bytes_of_the_whole_list(client, catalogue, monkeypatch):
    from cahier.opendata import records

    monkeypatch.setattr(records, "EXPORT_CHUNK", 1)
    response = client.get(f"{EXPORTS}/services.json")
    assert response.streaming
    pieces = [piece for piece in response.streaming_content if piece]
    assert len(pieces) >= 3  # the opening, a piece per fiche, the end
    services = datainclusion.services_document()
    assert len(services) >= 2
    assert b"".join(pieces) == records.to_json(services).encode()

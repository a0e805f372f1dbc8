"""The read API: taxonomies with counts, editions, pagination bounds, conditional GET, CORS
(the open-data record and the exports: tests/opendata)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

API = "/api/v1"


@pytest.fixture
def api(client, sample_edition):
    return client


@pytest.mark.postgres
def test_taxonomies_regions_glossary_editions(api):
    keywords = api.get(f"{API}/keywords").json()
    assert [(k["label"], k["count"]) for k in keywords["results"]] == [
        ("Alternance", 6),
        ("Mobilité", 3),
    ]
    fundings = api.get(f"{API}/fundings").json()["results"]
    assert fundings == [{"slug": "fse-iej", "label": "FSE / IEJ", "position": 1, "count": 2}]
    regions = {r["slug"]: r["count"] for r in api.get(f"{API}/regions").json()["results"]}
    assert len(regions) == 19 and regions["bretagne"] == 2 and regions["corse"] == 0
    glossary = api.get(f"{API}/glossary").json()
    # With the new names seeded by catalogue 0009 (docs/living-catalogue.md) and the JITE of 0011.
    assert [t["acronym"] for t in glossary["results"]] == [
        "ACI",
        "CEJ",
        "DDETS",
        "DDETSPP",
        "DEETS",
        "DREETS",
        "FSE+",
        "JITE",
        "OPCO",
        "PLIE",
    ]
    editions = api.get(f"{API}/editions").json()["results"]
    assert editions[0]["slug"] == "cahier-2019" and editions[0]["fiche_count"] == 6
    assert editions[0]["pdf_url"].endswith("/editions/cahier-2019/cahier.pdf")
    detail = api.get(f"{API}/editions/cahier-2019").json()
    assert [f["number"] for f in detail["fiches"]] == [1, 2, 3, 4, 5, 6]
    assert detail["fiches"][2]["title"] == "Mobilité"


def test_pagination_and_bad_values(api):
    page = api.get(f"{API}/regions", {"limit": 5, "offset": 15}).json()
    assert page["count"] == 19 and len(page["results"]) == 4
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": "dix"}):
        response = api.get(f"{API}/keywords", bad)
        assert response.status_code == 400, bad
        assert response.json()["detail"].startswith("Paramètres invalides")


@pytest.mark.postgres
def test_conditional_get(api):
    first = api.get(f"{API}/initiatives/fiche-1")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert api.get(f"{API}/initiatives/fiche-1", HTTP_IF_NONE_MATCH=etag).status_code == 304
    again = api.get(f"{API}/initiatives/fiche-1", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304 and again.content == b""
    from dataclasses import replace

    from cahier.catalogue import services
    from cahier.catalogue.models import Initiative

    # Through its service, as every write of the application (the page cache follows it).
    initiative = Initiative.objects.get(slug="fiche-1")
    data = replace(services.InitiativeData.from_initiative(initiative), title="Titre changé")
    services.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )
    changed = api.get(f"{API}/initiatives/fiche-1", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    glossary = api.get(f"{API}/glossary")
    assert api.get(f"{API}/glossary", HTTP_IF_NONE_MATCH=glossary["ETag"]).status_code == 304


def test_cors_for_get(api):
    response = api.get(f"{API}/keywords", HTTP_ORIGIN="https://reutilisateur.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        f"{API}/keywords",
        HTTP_ORIGIN="https://reutilisateur.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_changelog_is_served_and_linked(api):
    response = api.get(f"{API}/changelog")
    assert response.status_code == 200 and "1.0.0" in response.content.decode()
    assert "/api/v1/changelog" in api.get(f"{API}/openapi.json").json()["info"]["description"]


schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_generated_request_gets_a_documented_answer(case, sample_edition):
    """Not only « no 500 »: every status code, content type and JSON body the API answers is
    the one its OpenAPI schema documents."""
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ]
    )

"""Facets (many-to-many, disjunctive), API parameters and errors, the CLI."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cahier.catalogue.enums import EventKind, ProvenanceStatus
from cahier.search.engine import SearchQuery, search
from tests.catalogue import factories as f

from .helpers import create

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    sport = f.KeywordFactory(label="Sport", slug="sport")
    youth = f.PublicTypeFactory(label="Jeunes", slug="jeunes")
    fse = f.FundingFactory(label="FSE", slug="fse")
    jite = f.EventFactory(kind=EventKind.JITE, year=2018)
    trophies = f.EventFactory(kind=EventKind.TROPHEES_FSE, year=2019)
    create(
        "Vélo-école",
        region="bretagne",
        description="Apprendre le vélo pour aller à l'emploi.",
        keywords=[mobility, sport],
        publics=[youth],
        event=jite,
        provenance_status=ProvenanceStatus.PRESENTED,
    )
    create(
        "Garage solidaire",
        region="bretagne",
        description="Réparer sa voiture pour aller à l'emploi.",
        keywords=[mobility],
        fundings=[fse],
        event=trophies,
        provenance_status=ProvenanceStatus.SELECTED,
    )
    create(
        "Club de foot",
        region="normandie",
        description="Le sport comme tremplin vers l'emploi.",
        keywords=[sport],
        publics=[youth],
        event=jite,
        provenance_status=ProvenanceStatus.PRESENTED,
    )


def _counts(result, facet):
    return {value.value: value.count for value in result.facets[facet]}


@pytest.mark.postgres
def test_many_to_many_facet_counts(catalogue):
    result = search(SearchQuery(q="emploi"))
    assert result.count == 3
    # A fiche with two keywords counts once under each.
    assert _counts(result, "keyword") == {"mobilite": 2, "sport": 2}
    assert _counts(result, "region") == {"bretagne": 2, "normandie": 1}
    assert _counts(result, "event") == {"JITE": 2, "Trophées FSE": 1}
    assert _counts(result, "year") == {"2018": 2, "2019": 1}
    assert _counts(result, "status") == {"présenté": 2, "retenu": 1}
    assert _counts(result, "funding") == {"fse": 1}


@pytest.mark.postgres
def test_or_within_a_facet_and_across_facets_disjunctive_counts(catalogue):
    result = search(SearchQuery(keyword=["mobilite"], region=["normandie", "bretagne"]))
    assert result.count == 2
    # The keyword facet ignores its own filter but keeps the region one…
    assert _counts(result, "keyword") == {"mobilite": 2, "sport": 2}
    # …and the region facet counts with the keyword filter only.
    assert _counts(result, "region") == {"bretagne": 2, "normandie": 0}
    result = search(SearchQuery(keyword=["mobilite", "sport"], region=["normandie"]))
    assert [hit.title for hit in result.hits] == ["Club de foot"]
    assert _counts(result, "region") == {"bretagne": 2, "normandie": 1}


def test_no_results_suggest_the_filters_to_drop(catalogue):
    result = search(SearchQuery(q="voiture", region=["normandie"]))
    assert result.count == 0
    assert [(s.parameter, s.value, s.count) for s in result.suggestions] == [
        ("region", "normandie", 1)
    ]


def test_api_filters_by_slugs_events_years_and_status(client, catalogue):
    def titles(**params):
        response = client.get("/api/v1/initiatives", params)
        assert response.status_code == 200, response.json()
        return sorted(hit["title"] for hit in response.json()["results"])

    assert titles(keyword="sport") == ["Club de foot", "Vélo-école"]
    assert titles(keyword="sport", region="bretagne") == ["Vélo-école"]
    assert titles(event="trophees-fse") == ["Garage solidaire"]
    assert titles(event="Trophées FSE") == ["Garage solidaire"]
    assert titles(year="2018", status="présenté") == ["Club de foot", "Vélo-école"]
    assert titles(funding="fse", q="voiture") == ["Garage solidaire"]
    body = client.get("/api/v1/initiatives", {"region": ["normandie", "bretagne"]}).json()
    assert body["count"] == 3
    assert set(body["facets"]) == {
        "region",
        "keyword",
        "public",
        "funding",
        "event",
        "year",
        "status",
        "project_status",
        "openness",
        "replicated",
    }


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"region": "atlantide"}, "region"),
        ({"keyword": "inconnu"}, "keyword"),
        ({"event": "Jeux olympiques"}, "event"),
        ({"status": "perdu"}, "status"),
        ({"year": "deux-mille"}, "year"),
        ({"year": "1850"}, "year"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "dix"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"q": "emploi " * 100}, "q"),
    ],
)
def test_bad_parameters_give_400_naming_them(client, catalogue, params, named):
    response = client.get("/api/v1/initiatives", params)
    assert response.status_code == 400
    assert f"« {named} »" in response.json()["detail"]


def test_listing_without_query_and_openapi(client, catalogue):
    body = client.get("/api/v1/initiatives", {"limit": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert all(hit["score"] is None for hit in body["results"])
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/initiatives" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_cli_table_and_json(catalogue):
    out = StringIO()
    call_command("search", "sprot", stdout=out)
    text = out.getvalue()
    assert "Résultats pour « sport »" in text
    assert "2 fiches trouvées." in text
    assert "Club de foot" in text and "Normandie" in text
    out = StringIO()
    call_command("search", "vélo", "--region", "bretagne", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["count"] == 1 and payload["results"][0]["title"] == "Vélo-école"
    with pytest.raises(CommandError, match="region"):
        call_command("search", "vélo", "--region", "atlantide", stdout=StringIO())


@pytest.mark.postgres
def test_event_changes_reach_the_filters(catalogue):
    from cahier.catalogue.models import Event

    event = Event.objects.get(kind=EventKind.TROPHEES_FSE)
    event.year = 2020
    event.save()
    result = search(SearchQuery(q="voiture", year=[2020]))
    assert [hit.title for hit in result.hits] == ["Garage solidaire"]

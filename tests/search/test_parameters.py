"""The search parameters are declared once (cahier/search/parameters.py): the API and the
exports (OpenAPI), the site's form, both commands, SearchQuery and the facets come from it;
bad values are refused with a French message naming the parameter, on every surface."""

import dataclasses
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class

from cahier.search import parameters
from cahier.search.enums import Sort
from cahier.search.facets import FACETS
from cahier.search.parameters import API, CRITERIA, FILTERS, SITE, SearchQuery, surface
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    f.InitiativeFactory(title="Garage solidaire", slug="garage", keywords=[mobility])
    f.InitiativeFactory(title="Vélo-école", slug="velo", region=f.region("normandie"))
    from cahier.search.indexing import reindex_all

    reindex_all()


def _openapi_parameters(client, path: str) -> dict[str, str]:
    schema = client.get("/api/v1/openapi.json").json()
    return {p["name"]: p.get("description", "") for p in schema["paths"][path]["get"]["parameters"]}


def _options(command: str) -> set[str]:
    parser = load_command_class(
        "cahier.search" if command == "search" else "cahier.opendata", command
    ).create_parser("cahier", command)
    return {option for action in parser._actions for option in action.option_strings}


def test_every_surface_takes_its_parameters_from_the_declarations(client, catalogue):
    api_names = [p.name for p in surface(API)]
    # The search API and the exports document exactly the declared parameters, with their text.
    search_api = _openapi_parameters(client, "/api/v1/initiatives")
    assert list(search_api) == api_names
    assert all(search_api[p.name] == p.description for p in surface(API))
    exports = _openapi_parameters(client, "/api/v1/exports/initiatives.csv")
    assert list(exports) == [p.name for p in CRITERIA]
    # The engine's query and facets.
    fields = {field.name for field in dataclasses.fields(SearchQuery)}
    assert set(api_names) <= fields
    assert tuple(p.name for p in FILTERS) == FACETS
    facets = client.get("/api/v1/initiatives").json()["facets"]
    assert list(facets) == list(FACETS)
    # The site's form: one fieldset per filter, named as declared for the site, and the sort.
    html = client.get("/initiatives/").content.decode()
    boxes = set(re.findall(r'type="checkbox" name="([^"]+)"', html))
    assert boxes and boxes <= {p.site for p in FILTERS}
    assert f'name="{parameters.SORT.site}"' in html
    for value, label in Sort.choices:
        assert f'<option value="{value}"' in html and label in html
    # Both commands.
    assert {f"--{p.name}" for p in surface(API) if p is not parameters.QUERY} <= _options("search")
    assert {f"--{p.name}" for p in CRITERIA} <= _options("export")


def test_site_urls_keep_their_french_names(client, catalogue):
    html = client.get("/initiatives/?mot_cle=mobilite&region=bretagne").content.decode()
    assert "1 initiative" in html and "Garage solidaire" in html
    assert 'href="/api/v1/initiatives?region=bretagne&amp;keyword=mobilite"' in html


def test_api_documents_that_several_words_match_any_of_them(client, catalogue):
    """The exports described `q` as « tous présents » while the engine matches any word."""
    for path in ("/api/v1/initiatives", "/api/v1/exports/initiatives.json"):
        description = _openapi_parameters(client, path)["q"]
        assert "tous présents" not in description and "OU" in description
    # What the engine does: « garage vélo » finds both fiches, each having one of the words.
    data = json.loads(
        client.get("/api/v1/exports/initiatives.json", {"q": "garage vélo"}).getvalue()
    )
    assert sorted(record["slug"] for record in data["initiatives"]) == ["garage", "velo"]


@pytest.mark.parametrize(
    ("params", "named", "value"),
    [
        ({"year": "²"}, "year", "²"),
        ({"year": "1850"}, "year", "1850"),
        ({"region": "nowhere"}, "region", "nowhere"),
        ({"sort": "zzz"}, "sort", "zzz"),
        ({"limit": "0"}, "limit", "0"),
    ],
)
def test_api_refuses_bad_parameters_with_400_naming_them(client, catalogue, params, named, value):
    response = client.get("/api/v1/initiatives", params)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert f"« {named} »" in detail and f"« {value} »" in detail


@pytest.mark.parametrize(
    "path", ["/api/v1/exports/initiatives.csv", "/api/v1/exports/initiatives.json"]
)
def test_exports_refuse_bad_filters_with_400(client, catalogue, path):
    response = client.get(path, {"year": "²"})
    assert response.status_code == 400
    assert "« year »" in response.json()["detail"]


def test_api_sorts_every_result(client, catalogue):
    data = client.get("/api/v1/initiatives", {"sort": "titre"}).json()
    assert [hit["slug"] for hit in data["results"]] == ["garage", "velo"]
    data = client.get("/api/v1/initiatives", {"sort": "region"}).json()
    assert [hit["region"] for hit in data["results"]] == ["Bretagne", "Normandie"]


@pytest.mark.parametrize("spelling", ["mise_a_jour", "Mise à jour", "MISE-A-JOUR"])
def test_a_sort_is_taken_however_it_is_spelled(client, catalogue, spelling):
    canonical = client.get("/api/v1/initiatives", {"sort": Sort.UPDATED.value}).json()
    data = client.get("/api/v1/initiatives", {"sort": spelling}).json()
    assert [hit["slug"] for hit in data["results"]] == [h["slug"] for h in canonical["results"]]
    assert SearchQuery(sort=spelling).order() == Sort.UPDATED
    page = client.get("/initiatives/", {"tri": "Numéro"})
    assert page.status_code == 200
    out = StringIO()
    call_command("search", "--sort", "mise_a_jour", "--json", stdout=out)
    assert json.loads(out.getvalue())["count"] == 2
    # A value that spells no sort is still refused, named as typed.
    response = client.get("/api/v1/initiatives", {"sort": "mise_a_jour_x"})
    assert response.status_code == 400 and "« mise_a_jour_x »" in response.json()["detail"]


def test_commands_take_the_same_filters(catalogue, tmp_path):
    out = StringIO()
    call_command("search", "--sort", "titre", "--json", stdout=out)
    assert [hit["slug"] for hit in json.loads(out.getvalue())["results"]] == ["garage", "velo"]
    with pytest.raises(CommandError, match="« --year »"):
        call_command("search", "--year", "²", stdout=StringIO())
    out = StringIO()
    call_command("export", "--format", "json", "--region", "normandie", stdout=out)
    assert [record["slug"] for record in json.loads(out.getvalue())["initiatives"]] == ["velo"]
    out = StringIO()
    call_command("export", "--format", "csv", "--keyword", "mobilite", stdout=out)
    assert "garage" in out.getvalue() and "velo" not in out.getvalue()
    with pytest.raises(CommandError, match="« --region »"):
        call_command("export", "--region", "nowhere", stdout=StringIO())


def test_read_checks_and_normalises_every_kind():
    read = parameters.read_mapping
    assert read({"region": ["bretagne, corse", "bretagne"], "year": "2018,2019"}) == {
        "region": ["bretagne", "corse"],
        "year": [2018, 2019],
    }
    assert read({"q": "  emploi ", "limit": "5", "sort": "titre"}) == {
        "q": "emploi",
        "limit": 5,
        "sort": "titre",
    }
    with pytest.raises(parameters.SearchParameterError) as caught:
        read({"year": "²"})
    assert caught.value.message(SITE) == (
        "Le paramètre « annee » (année) attend une année (nombre entier), pas « ² »."
    )
    assert str(caught.value) == (
        "Le paramètre « year » (année) attend une année (nombre entier), pas « ² »."
    )
    with pytest.raises(parameters.SearchParameterError, match="« offset »"):
        read({"offset": "-3"})

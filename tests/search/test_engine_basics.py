"""First behaviours of the search: index sync through the catalogue services, API shape."""

import pytest

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.services import InitiativeData
from cahier.search.engine import SearchQuery, search
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db


def _create(title, *, region="bretagne", status=PublicationStatus.PUBLISHED, **fields):
    data = InitiativeData(title=title, region=f.region(region), **fields)
    return services.initiative_create(data=data, status=status)


def _titles(q, **filters):
    return [hit.title for hit in search(SearchQuery(q=q, **filters)).hits]


@pytest.mark.postgres
def test_index_follows_create_update_unpublish_delete():
    initiative = _create("Garage solidaire", description="Réparer des voitures à bas prix.")
    assert _titles("voitures") == ["Garage solidaire"]

    data = InitiativeData.from_initiative(initiative)
    data.description = "Location de scooters pour aller travailler."
    initiative = services.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )
    assert _titles("voitures") == []
    assert _titles("scooters") == ["Garage solidaire"]

    services.initiative_set_status(initiative=initiative, status=PublicationStatus.ARCHIVED)
    assert _titles("scooters") == []
    services.initiative_set_status(initiative=initiative, status=PublicationStatus.PUBLISHED)
    assert _titles("scooters") == ["Garage solidaire"]

    services.initiative_delete(initiative=initiative)
    assert _titles("scooters") == []


@pytest.mark.postgres
def test_drafts_are_not_found():
    _create("Projet en brouillon", description="Chantier naval", status=PublicationStatus.DRAFT)
    assert search(SearchQuery(q="chantier naval")).count == 0
    assert search(SearchQuery()).count == 0


def test_api_answers_with_results_and_facets(client):
    _create("Garage solidaire", description="Réparer des voitures à bas prix.")
    response = client.get("/api/v1/initiatives", {"q": "voiture"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    hit = body["results"][0]
    assert hit["title"] == "Garage solidaire"
    assert hit["url"] == "/initiatives/garage-solidaire/"
    assert "<mark>voitures</mark>" in hit["snippet_html"]
    marks = [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]]
    assert "voitures" in marks and "<mark>" not in hit["snippet"]
    assert body["facets"]["region"] == [{"value": "bretagne", "label": "Bretagne", "count": 1}]
    assert body["corrected_query"] is None


def test_api_snippet_is_plain_text_and_the_site_escapes_it(client):
    """Issue 15: « l&#x27;emploi » in a JSON field was HTML leaking into the API."""
    _create(
        "Retour à l'emploi",
        description="Accès à l'emploi des jeunes <b>sans</b> diplôme & sans permis.",
    )
    hit = client.get("/api/v1/initiatives", {"q": "emploi"}).json()["results"][0]
    assert hit["snippet"] == "Accès à l’emploi des jeunes <b>sans</b> diplôme & sans permis."
    assert "&#x27;" not in hit["snippet"] and "&amp;" not in hit["snippet"]
    assert [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]] == ["l’emploi"]
    assert "<mark>l’emploi</mark>" in hit["snippet_html"]
    assert "&lt;b&gt;sans&lt;/b&gt;" in hit["snippet_html"]
    html = client.get("/initiatives/", {"q": "emploi"}).content.decode()
    assert "<mark>l’emploi</mark> des jeunes &lt;b&gt;sans&lt;/b&gt;" in html
    assert "<b>sans</b>" not in html


def test_snippet_is_in_french_typography_and_its_highlights_still_point_at_the_words(client):
    """The extract is shown as the rest of the fiche (’, no-break spaces, « 1re »), although
    the rule changes lengths: each highlight is still exactly a word found."""
    _create(
        "Mobilité",
        territory="Bassin d'emploi de Redon",
        description="En 1ère année, l'atelier d'aujourd'hui répare 12 % des voitures des "
        "«jeunes» qu'il accueille au garage solidaire !",
    )
    hit = client.get("/api/v1/initiatives", {"q": "voitures jeunes garage"}).json()["results"][0]
    assert hit["snippet"] == (
        "En 1re année, l’atelier d’aujourd’hui répare 12\u202f% des voitures des "
        "«\u00a0jeunes\u00a0» qu’il accueille au garage solidaire\u202f!"
    )
    found = [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]]
    assert found == ["voitures", "jeunes", "garage"]
    html = client.get("/initiatives/", {"q": "voitures jeunes garage"}).content.decode()
    assert "des «\u00a0<mark>jeunes</mark>\u00a0» qu’il accueille" in html
    assert "<span>Bassin d’emploi de Redon</span>" in html  # the result's territory too

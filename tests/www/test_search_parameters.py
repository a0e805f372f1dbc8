"""The site's search page refuses a URL parameter it cannot use with a 400 page that names
it in French, never a 500 (`/initiatives/?annee=²` was one) nor a silent change."""

import pytest

from cahier.search.indexing import reindex_all
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    f.InitiativeFactory(title="Garage solidaire", slug="garage")
    reindex_all()


@pytest.mark.parametrize(
    ("query", "named", "value"),
    [
        ("annee=²", "annee", "²"),
        ("annee=deux-mille", "annee", "deux-mille"),
        ("annee=1850", "annee", "1850"),
        ("region=nowhere", "region", "nowhere"),
        ("mot_cle=inconnu", "mot_cle", "inconnu"),
        ("evenement=Jeux", "evenement", "Jeux"),
        ("tri=zzz", "tri", "zzz"),
        ("page=deux", "page", "deux"),
        ("page=0", "page", "0"),
    ],
)
def test_bad_site_parameters_give_a_400_page_naming_them(client, catalogue, query, named, value):
    response = client.get(f"/initiatives/?q=garage&{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Recherche impossible" in html
    assert f"« {named} »" in html and f"« {value} »" in html
    # The same search without the bad parameter is one click away.
    assert 'href="/initiatives/?q=garage"' in html


def test_every_sort_of_the_menu_is_accepted(client, catalogue):
    for sort in ("pertinence", "titre", "region", "numero", "mise-a-jour", "annee"):
        response = client.get(f"/initiatives/?q=garage&tri={sort}")
        assert response.status_code == 200 and "Garage solidaire" in response.content.decode()


def test_event_given_as_a_slug_is_ticked_and_removable(client, catalogue):
    f.InitiativeFactory(title="Trophée", slug="trophee", event=f.EventFactory(kind="Trophées FSE"))
    reindex_all()
    html = client.get("/initiatives/?evenement=trophees-fse").content.decode()
    assert "1 initiative" in html
    assert 'value="Trophées FSE" id="f-evenement-trophees-fse" checked' in html
    assert 'href="/initiatives/"><span class="fr-sr-only">Retirer' in html

"""A fiche opened from the results keeps the search: back to the same results, previous and
next fiche in their order (the search travels in the fiche's query string)."""

import re

import pytest
from django.core.cache import cache

from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db

BACK = re.compile(r'<a class="fr-link[^"]*" href="([^"]*)">Retour aux résultats</a>')
PREVIOUS = re.compile(
    r'href="([^"]*)" rel="prev">Fiche précédente<span class="fr-sr-only"> : ([^<]*)<'
)
NEXT = re.compile(r'href="([^"]*)" rel="next">Fiche suivante<span class="fr-sr-only"> : ([^<]*)<')


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def catalogue():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    fiches = {
        "auto-ecole-sociale": "Auto-école sociale",
        "garage-solidaire": "Garage solidaire",
        "velo-pour-lemploi": "Vélo pour l'emploi",
    }
    for slug, title in fiches.items():
        f.InitiativeFactory(
            slug=slug, title=title, description="Mobilité vers l'emploi.", keywords=[mobility]
        )
    f.InitiativeFactory(slug="numerique-pour-tous", title="Numérique pour tous")
    return fiches


def links(html: str) -> list[str]:
    return re.findall(r'<h3 class="fr-h6 fr-mb-1w"><a href="([^"]*)">', html)


def unescape(url: str) -> str:
    return url.replace("&amp;", "&")


def test_result_links_carry_the_search(client, catalogue):
    html = client.get("/initiatives/?q=emploi&mot_cle=mobilite&tri=titre").content.decode()
    assert [unescape(url) for url in links(html)] == [
        "/initiatives/auto-ecole-sociale/?q=emploi&mot_cle=mobilite&tri=titre&page=1",
        "/initiatives/garage-solidaire/?q=emploi&mot_cle=mobilite&tri=titre&page=1",
        "/initiatives/velo-pour-lemploi/?q=emploi&mot_cle=mobilite&tri=titre&page=1",
    ]


def test_fiche_from_the_results_leads_back_and_to_its_neighbours(client, catalogue):
    html = client.get(
        "/initiatives/garage-solidaire/?q=emploi&mot_cle=mobilite&tri=titre&page=1"
    ).content.decode()
    back = "/initiatives/?q=emploi&mot_cle=mobilite&tri=titre"
    assert unescape(BACK.search(html).group(1)) == back
    assert "(résultat 2 sur 3)" in html
    previous, following = PREVIOUS.search(html), NEXT.search(html)
    assert unescape(previous.group(1)) == f"/initiatives/auto-ecole-sociale/{back[13:]}&page=1"
    assert previous.group(2) == "Auto-école sociale"
    assert unescape(following.group(1)) == f"/initiatives/velo-pour-lemploi/{back[13:]}&page=1"
    # The breadcrumb goes back to the results too, not to an empty search.
    assert f'<a class="fr-breadcrumb__link" href="{back.replace("&", "&amp;")}">' in html

    first = client.get(unescape(previous.group(1))).content.decode()
    assert not PREVIOUS.search(first) and NEXT.search(first).group(2) == "Garage solidaire"
    last = client.get(unescape(following.group(1))).content.decode()
    assert not NEXT.search(last) and PREVIOUS.search(last).group(2) == "Garage solidaire"


def test_neighbours_cross_the_pages_of_results(client, catalogue):
    for n in range(25):
        f.InitiativeFactory(title=f"Extra {n:02d}", slug=f"extra-{n:02d}")
    page1 = links(client.get("/initiatives/?tri=titre").content.decode())
    page2 = links(client.get("/initiatives/?tri=titre&page=2").content.decode())
    last_of_page1 = client.get(unescape(page1[-1])).content.decode()
    assert unescape(NEXT.search(last_of_page1).group(1)) == unescape(page2[0])
    assert unescape(BACK.search(last_of_page1).group(1)) == "/initiatives/?tri=titre"
    first_of_page2 = client.get(unescape(page2[0])).content.decode()
    assert unescape(PREVIOUS.search(first_of_page2).group(1)) == unescape(page1[-1])
    assert unescape(BACK.search(first_of_page2).group(1)) == "/initiatives/?tri=titre&page=2"
    assert "(résultat 21 sur 29)" in first_of_page2


@pytest.mark.parametrize(
    "query", ["", "?annee=deux-mille", "?region=inconnue&page=1", "?utm_source=lettre"]
)
def test_fiche_opened_directly_shows_no_search_navigation(client, catalogue, query):
    response = client.get(f"/initiatives/garage-solidaire/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Retour aux résultats" not in html
    assert "Fiche suivante" not in html and "Fiche précédente" not in html
    assert (
        '<a class="fr-breadcrumb__link" href="/initiatives/">Rechercher une initiative</a>' in html
    )


def test_each_reader_gets_the_context_of_their_own_url(client, catalogue):
    client.get("/initiatives/garage-solidaire/?mot_cle=mobilite&tri=titre&page=1")
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    assert "Retour aux résultats" not in html
    other = client.get("/initiatives/garage-solidaire/?q=garage&page=1").content.decode()
    assert unescape(BACK.search(other).group(1)) == "/initiatives/?q=garage"


def test_fiche_no_longer_among_the_results_still_leads_back(client, catalogue):
    html = client.get("/initiatives/numerique-pour-tous/?mot_cle=mobilite&page=1").content
    html = html.decode()
    assert unescape(BACK.search(html).group(1)) == "/initiatives/?mot_cle=mobilite"
    assert "Fiche suivante" not in html and "(résultat" not in html


def test_empty_results_offer_ways_out_not_sort_or_exports(client, catalogue):
    html = client.get("/initiatives/?q=zzzzzz").content.decode()
    assert "Aucune initiative ne correspond" in html
    assert "Vérifiez l’orthographe" in html
    for absent in (
        "Trier par",
        "Exporter ces résultats",
        "S’abonner au flux",
        "Appliquer les filtres",
    ):
        assert absent not in html
    # A ticked filter stays listed (to untick it) with its button, and its removal is offered.
    html = client.get("/initiatives/?q=zzzzzz&mot_cle=mobilite").content.decode()
    assert "Appliquer les filtres" in html and "Retirer tous les filtres" in html
    assert "Trier par" not in html and "Exporter ces résultats" not in html
    # Results still have them.
    html = client.get("/initiatives/?q=emploi").content.decode()
    assert "Trier par" in html and "Exporter ces résultats" in html


def test_fiche_offers_to_report_an_error_to_the_team(client, catalogue, settings):
    settings.CAHIER_PUBLISHER_EMAIL = "cahier@travail.gouv.fr"
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    link = re.search(r'href="(mailto:[^"]*)">Signaler une erreur', html).group(1)
    assert link.startswith("mailto:cahier@travail.gouv.fr?subject=Erreur%20dans%20la%20fiche")
    assert "Garage%20solidaire" in link and "/initiatives/garage-solidaire/" in link
    # The fiche keeps its date of update and its link to share.
    assert "Mise à jour le" in html and "Lien à partager" in html
    # While the address is a placeholder, the link leads to the legal notice's contact.
    settings.CAHIER_PUBLISHER_EMAIL = "[À compléter : adresse]"
    html = client.get("/initiatives/garage-solidaire/").content.decode()
    assert 'href="/mentions-legales/#editeur">Signaler une erreur' in html

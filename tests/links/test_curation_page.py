"""« Liens cassés » in the curation: the failed links of published fiches, by fiche, with
filters; reached from the curation menu."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cahier.catalogue import services as catalogue_services
from cahier.catalogue.enums import PublicationStatus
from cahier.links.checker import Outcome
from cahier.links.collect import FicheLink
from cahier.links.enums import LinkField, LinkStatus
from cahier.links.services import link_checks_store
from tests.catalogue.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

URL = reverse("curation:links")
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def store(fiche, *results, times=1):
    for _ in range(times):
        link_checks_store(
            initiative=fiche,
            results={FicheLink(field, url): outcome for field, url, outcome in results},
            now=NOW,
        )


@pytest.fixture
def checked():
    zebre = InitiativeFactory(
        title="Zèbre solidaire",
        links=["https://zebre.example.org/", "https://zebre.example.org/ancien"],
        origin_url="https://origine.example.org/",
    )
    atelier = InitiativeFactory(title="Atelier mobilité", links=["https://atelier.example.org/"])
    store(
        zebre,
        (LinkField.LINKS, "https://zebre.example.org/", Outcome(LinkStatus.OK, 200)),
        (
            LinkField.LINKS,
            "https://zebre.example.org/ancien",
            Outcome(LinkStatus.BROKEN, 404, message="Le serveur répond 404 (page introuvable)."),
        ),
        (
            LinkField.ORIGIN,
            "https://origine.example.org/",
            Outcome(LinkStatus.TIMEOUT, message="Pas de réponse en 20\u00a0s."),
        ),
    )
    store(
        atelier,
        (
            LinkField.LINKS,
            "https://atelier.example.org/",
            Outcome(LinkStatus.TLS_ERROR, message="La connexion sécurisée (TLS) échoue."),
        ),
        times=2,
    )
    return zebre, atelier


def test_curators_see_failed_links_sorted_by_fiche(client, curator, checked):
    client.force_login(curator)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 liens en échec, par fiche" in html
    assert "https://zebre.example.org/ancien" in html
    assert "Le serveur répond 404 (page introuvable)." in html
    assert 'https://zebre.example.org/"' not in html  # the link that answers is not listed
    assert html.index("Atelier mobilité") < html.index("Zèbre solidaire")
    assert "1er\u00a0décembre 2026" in html


@pytest.mark.postgres
def test_filters_narrow_the_list(client, curator, checked):
    client.force_login(curator)
    html = client.get(URL, {"statut": LinkStatus.TIMEOUT}).content.decode()
    assert "https://origine.example.org/" in html
    assert "https://zebre.example.org/ancien" not in html
    html = client.get(URL, {"champ": LinkField.LINKS, "q": "zèbre"}).content.decode()
    assert "1 lien en échec" in html and "https://zebre.example.org/ancien" in html
    html = client.get(URL, {"echecs": "2"}).content.decode()
    assert "1 lien en échec" in html and "https://atelier.example.org/" in html


def test_unpublished_fiches_and_replaced_links_are_left_out(client, curator, checked):
    zebre, atelier = checked
    catalogue_services.initiative_set_status(initiative=atelier, status=PublicationStatus.ARCHIVED)
    zebre.refresh_from_db()
    data = catalogue_services.InitiativeData(
        title=zebre.title, region=zebre.region, links=["https://zebre.example.org/"]
    )
    catalogue_services.initiative_update(
        initiative=zebre, data=data, expected_version=zebre.version
    )
    client.force_login(curator)
    html = client.get(URL).content.decode()
    assert "Aucun lien en échec." in html


def test_the_curation_menu_links_to_the_page(client, curator):
    client.force_login(curator)
    html = client.get(reverse("curation:queue")).content.decode()
    assert f'href="{URL}">Liens cassés</a>' in html


def test_a_hostile_address_is_shown_escaped(client, curator):
    hostile = 'https://x.example.org/"><script>alert("XSS")</script>'
    fiche = InitiativeFactory(title="Fiche piégée", links=[])
    # Past the services, as an old row or a restored backup may hold it.
    type(fiche).objects.filter(pk=fiche.pk).update(links=[hostile, "javascript:alert(1)"])
    fiche.refresh_from_db()
    store(fiche, (LinkField.LINKS, hostile, Outcome(LinkStatus.BROKEN, 404)))
    client.force_login(curator)
    html = client.get(URL).content.decode()
    assert '<script>alert("XSS")' not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html

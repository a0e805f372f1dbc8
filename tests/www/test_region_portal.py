"""The regional portal (/regions/<région>/): the region's fiches, its place on the map, its
figures, its referent, shareable and printable; linked from /regions/ and from the fiches."""

from types import SimpleNamespace

import pytest

from cahier.catalogue.enums import EventKind
from cahier.catalogue.selectors import region_administration_addresses
from cahier.www.views.regions import referent_fields
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    housing = f.KeywordFactory(label="Logement", slug="logement")
    youth = f.PublicTypeFactory(label="Jeunes", slug="jeunes")
    jite = f.EventFactory(kind=EventKind.JITE, year=2018)
    trophies = f.EventFactory(kind=EventKind.TROPHEES_FSE, year=2019)
    brittany = f.region("bretagne")
    f.InitiativeFactory(
        slug="garage",
        title="Garage solidaire",
        region=brittany,
        territory="Pays de Brest",
        keywords=[mobility, housing],
        publics=[youth],
        event=jite,
        referent_emails=["bretag.direction@direccte.gouv.fr", "contact@garage.example.org"],
    )
    f.InitiativeFactory(
        slug="auto-ecole",
        title="Auto-école sociale",
        region=brittany,
        keywords=[mobility],
        event=trophies,
        referent_emails=["Bretagne.Direction@dreets.gouv.fr", "bretag.direction@direccte.gouv.fr"],
    )
    f.InitiativeFactory(
        slug="jardin",
        title="Jardin d'insertion",
        region=f.region("occitanie"),
        keywords=[housing],
        referent_emails=["oc.direction@direccte.gouv.fr"],
    )
    f.InitiativeFactory(slug="brouillon", title="Brouillon breton", region=brittany, draft=True)


@pytest.mark.postgres
def test_the_portal_lists_the_region_fiches(client, catalogue):
    response = client.get("/regions/bretagne/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<title>Bretagne\u00a0: les initiatives — Cahier des initiatives inclusion</title>" in html
    )
    assert "<h1>Bretagne</h1>" in html
    assert "2 initiatives publiées" in html
    assert '<a href="/initiatives/garage/">Garage solidaire</a>' in html
    assert '<a href="/initiatives/auto-ecole/">Auto-école sociale</a>' in html
    assert "Pays de Brest" in html
    assert "Jardin" not in html and "Brouillon" not in html
    assert 'href="/initiatives/?region=bretagne"' in html
    assert '<a class="fr-breadcrumb__link" href="/regions/">Régions</a>' in html


def test_the_map_highlights_the_region(client, catalogue):
    html = client.get("/regions/bretagne/").content.decode()
    assert "cahier-map cahier-map--focus" in html
    assert (
        'class="cahier-map__region cahier-map__region--current" data-region="bretagne" '
        'aria-current="page"'
    ) in html
    # The other regions lead to their own portal.
    assert 'href="/regions/occitanie/"' in html
    assert "Bretagne est en bleu foncé\u202f;" in html


@pytest.mark.postgres
def test_the_figures_come_from_the_region_fiches(client, catalogue):
    html = client.get("/regions/bretagne/").content.decode()
    keywords = html[html.index('id="chiffres-mot_cle"') :]
    keywords = keywords[: keywords.index("</table>")]
    assert (
        '<tr><th scope="row"><a href="/initiatives/?region=bretagne&amp;mot_cle=mobilite">'
        "Mobilité</a></th><td>2</td></tr>"
    ) in keywords
    assert ">Logement</a></th><td>1</td></tr>" in keywords
    publics = html[html.index('id="chiffres-public"') :]
    assert ">Jeunes</a></th><td>1</td></tr>" in publics[: publics.index("</table>")]
    years = html[html.index('id="chiffres-annee"') :]
    years = years[: years.index("</table>")]
    assert years.index(">2019</a>") < years.index(">2018</a>")


@pytest.mark.postgres
def test_the_referent_is_the_region_mailbox_history_for_now(client, catalogue):
    html = client.get("/regions/bretagne/").content.decode()
    assert "Pas encore de référent désigné pour cette page." in html
    assert '<a href="mailto:bretag.direction@direccte.gouv.fr">' in html
    assert (
        '\u00a0<span class="fr-text--sm cahier-count">: 2 fiches (JITE 2018, Trophées FSE 2019)'
        in html
    )
    assert '<a href="mailto:bretagne.direction@dreets.gouv.fr">' in html
    # A porteur's address, or another region's, is not the region's mailbox.
    assert "contact@garage.example.org" not in html
    assert "oc.direction" not in html


@pytest.mark.postgres
def test_the_mailbox_history_is_one_query(catalogue, django_assert_num_queries):
    brittany = f.region("bretagne")
    with django_assert_num_queries(1):
        addresses = region_administration_addresses(brittany)
    assert [(a.address, a.fiches) for a in addresses] == [
        ("bretag.direction@direccte.gouv.fr", 2),
        ("bretagne.direction@dreets.gouv.fr", 1),
    ]


def test_referent_fields_are_shown_once_the_model_has_them():
    fields = [
        SimpleNamespace(name="name", verbose_name="nom"),
        SimpleNamespace(name="referent_name", verbose_name="nom du référent"),
        SimpleNamespace(name="referent_email", verbose_name="adresse du référent"),
        SimpleNamespace(name="referent_phone", verbose_name="téléphone du référent"),
    ]
    region = SimpleNamespace(
        _meta=SimpleNamespace(concrete_fields=fields),
        name="Bretagne",
        referent_name="Anne Le Goff",
        referent_email="anne.legoff@dreets.gouv.fr",
        referent_phone="",
    )
    assert referent_fields(region) == [
        ("nom du référent", "Anne Le Goff"),
        ("adresse du référent", "anne.legoff@dreets.gouv.fr"),
    ]


def test_share_print_and_embed(client, catalogue):
    html = client.get("/regions/bretagne/?utm=x").content.decode()
    assert 'id="adresse-portail" value="http://testserver/regions/bretagne/" readonly' in html
    assert 'data-copier="adresse-portail" hidden' in html
    assert (
        "mailto:?subject=Bretagne%20%3A%20les%20initiatives%20inclusion&amp;body=http%3A//testserver/regions/bretagne/"
        in html
    )
    assert '<link rel="canonical" href="http://testserver/regions/bretagne/">' in html
    assert "hidden data-imprimer>Imprimer la page</button>" in html
    assert "www/js/print.js" in html and "www/css/print.css" in html
    assert "Page en ligne\u00a0: http://testserver/regions/bretagne/" in html  # printed only
    assert 'href="/integrer/?region=bretagne&amp;nombre=5"' in html


def test_a_region_without_fiches_and_an_unknown_one(client, catalogue):
    html = client.get("/regions/corse/").content.decode()
    assert "Aucune initiative publiée pour le moment." in html
    assert "Pas encore de référent désigné pour cette région." in html
    assert 'id="chiffres' not in html
    assert client.get("/regions/atlantide/").status_code == 404


def test_regions_page_and_fiches_lead_to_the_portal(client, catalogue):
    html = client.get("/regions/").content.decode()
    assert '<a href="/regions/bretagne/">Bretagne</a>' in html
    assert (
        'aria-label="Bretagne : 2 initiatives" class="cahier-map__region" data-region="bretagne"'
        in html
    )
    assert '<a href="/regions/bretagne/" aria-label="Bretagne : 2 initiatives"' in html
    fiche = client.get("/initiatives/garage/").content.decode()
    assert '<dd><a href="/regions/bretagne/">Bretagne</a>' in fiche

"""Whole pages kept for anonymous readers (cahier/www/pagecache.py): who gets a kept page, when
it is stale (one test per kind of change, made through its service), HTTP revalidation."""

from dataclasses import replace

import pytest

from cahier.audience.models import FicheViews
from cahier.catalogue import services as catalogue
from cahier.catalogue.enums import PublicationStatus
from cahier.contacts import services as contacts
from cahier.editions import services as editions
from cahier.www import pagecache
from cahier.www.pagecache import HEADER
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


@pytest.fixture
def fiche():
    return f.InitiativeFactory(
        slug="garage", title="Garage solidaire", description="Le PLIE répare des voitures."
    )


def _edit(initiative, **changes):
    initiative.refresh_from_db()
    data = replace(catalogue.InitiativeData.from_initiative(initiative), **changes)
    return catalogue.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )


def _get(client, url, **headers):
    response = client.get(url, **BROWSER, **headers)
    assert response.status_code in (200, 304), url
    return response


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/initiatives/garage/",
        "/reperes/",
        "/glossaire/",
        "/a-propos/",
        "/regions/",
        "/regions/bretagne/",
        "/api/v1/initiatives/garage",
        "/api/v1/initiatives?q=garage",
        "/initiatives/?q=garage",
    ],
)
def test_an_anonymous_reader_gets_the_kept_page_the_second_time(client, fiche, url):
    first = _get(client, url)
    second = _get(client, url)
    assert (first[HEADER], second[HEADER]) == ("MISS", "HIT")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_a_signed_in_reader_is_never_served_a_kept_page(client, fiche, curator):
    _get(client, "/initiatives/garage/")
    client.force_login(curator)
    page = _get(client, "/initiatives/garage/")
    assert HEADER not in page
    assert "Se déconnecter" in page.content.decode()  # the header shows the account
    client.logout()
    assert "Se déconnecter" not in _get(client, "/initiatives/garage/").content.decode()


def test_a_page_with_a_csrf_token_is_not_kept_even_if_listed(client, fiche, monkeypatch):
    # The contact form carries a CSRF token and sets its cookie: listed by mistake, it is
    # still never kept (the token is the reader's own).
    monkeypatch.setattr(pagecache, "CACHED_VIEWS", pagecache.CACHED_VIEWS | {"contacts:form"})
    first = _get(client, "/initiatives/garage/contacter/")
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert HEADER not in first
    assert HEADER not in _get(client, "/initiatives/garage/contacter/")


def test_an_htmx_request_is_never_answered_with_the_kept_page(client, fiche):
    _get(client, "/initiatives/?q=garage")
    assert HEADER not in _get(client, "/initiatives/?q=garage", HTTP_HX_REQUEST="true")


def test_an_error_page_is_not_kept(client, fiche):
    assert client.get("/initiatives/inconnue/").status_code == 404
    assert HEADER not in client.get("/initiatives/inconnue/")


def test_a_kept_page_answers_304_to_its_etag_and_still_counts_as_a_reading(client, fiche):
    etag = _get(client, "/initiatives/garage/")["ETag"]
    again = client.get("/initiatives/garage/", HTTP_IF_NONE_MATCH=etag, **BROWSER)
    assert again.status_code == 304
    assert again.content == b""
    assert "no-cache" in again["Cache-Control"]
    _get(client, "/initiatives/garage/")  # served from the cache
    assert FicheViews.objects.get(initiative=fiche).views == 3


def test_the_api_answers_304_from_the_kept_record_and_search(client, fiche):
    for url in ("/api/v1/initiatives/garage", "/api/v1/initiatives?q=garage"):
        first = _get(client, url)
        assert first["Cache-Control"] == "public, max-age=60"
        assert first.has_header("Last-Modified")
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert (again.status_code, again[HEADER]) == (304, "HIT")
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


# One test per kind of change: the page, the change through its service, the next request.


def test_an_edited_fiche_shows_at_once(client, fiche):
    for url in ("/", "/initiatives/garage/", "/api/v1/initiatives/garage"):
        _get(client, url)
    _edit(fiche, title="Garage solidaire et mobile")
    for url in ("/initiatives/garage/", "/api/v1/initiatives/garage", "/api/v1/initiatives"):
        assert "Garage solidaire et mobile" in _get(client, url).content.decode(), url


def test_a_published_replication_shows_on_its_origin(client, fiche):
    copy = f.InitiativeFactory(slug="copie", replication_of=fiche, draft=True)
    assert "Essaimé" not in _get(client, "/initiatives/garage/").content.decode()
    catalogue.initiative_set_status(initiative=copy, status=PublicationStatus.PUBLISHED)
    assert "Essaimé" in _get(client, "/initiatives/garage/").content.decode()


def test_a_new_glossary_term_shows_on_the_glossary_and_as_a_tooltip(client, fiche):
    assert "Plan local" not in _get(client, "/initiatives/garage/").content.decode()
    _get(client, "/glossaire/")
    f.GlossaryTermFactory(acronym="PLIE", definition="Plan local pour l’insertion et l’emploi")
    assert "Plan local" in _get(client, "/initiatives/garage/").content.decode()
    assert "Plan local" in _get(client, "/glossaire/").content.decode()


def test_a_renamed_institution_shows_on_the_glossary(client, fiche):
    _get(client, "/glossaire/")
    catalogue.institution_change_save(
        old_name="Agence d’essai",
        old_acronym="",
        new_name="Agence renommée",
        new_acronym="",
        changed_on="2024-01-01",
    )
    assert "Agence renommée" in _get(client, "/glossaire/").content.decode()


def test_a_renamed_keyword_shows_on_reperes(client):
    keyword = f.KeywordFactory(label="Mobilité", slug="mobilite")
    f.InitiativeFactory(slug="garage", keywords=[keyword])
    assert "Mobilité" in _get(client, "/reperes/").content.decode()
    keyword.label = "Se déplacer"
    keyword.save()  # the admin's write
    assert "Se déplacer" in _get(client, "/reperes/").content.decode()


def test_a_regional_referent_shows_on_the_region_portal(client, fiche, curator):
    _get(client, "/regions/bretagne/")
    contacts.region_referent_set(
        region=f.region("bretagne"),
        organisation="DREETS Bretagne",
        service="Service insertion",
        email="insertion@dreets.gouv.fr",
        actor=curator,
    )
    assert "Service insertion" in _get(client, "/regions/bretagne/").content.decode()


def test_a_new_current_edition_shows_its_numbers_and_edito(client, fiche):
    EditionFactory(slug="2019", year=2019, initiatives=[fiche], published=True)
    _get(client, "/initiatives/garage/")
    _get(client, "/a-propos/")
    other = f.InitiativeFactory(slug="autre")
    later = EditionFactory(
        slug="2026", year=2026, edito="Un édito de 2026.", initiatives=[other, fiche]
    )
    editions.edition_publish(edition=later)
    editions.edition_make_current(edition=later)
    assert "Un édito de 2026." in _get(client, "/a-propos/").content.decode()
    record = _get(client, "/api/v1/initiatives/garage").json()
    assert record["number"] == 2


def test_a_published_edition_renews_the_generation(fiche):
    from cahier.search import state

    edition = EditionFactory(slug="2026", year=2026, initiatives=[fiche])
    before = state.generation()
    editions.edition_publish(edition=edition)
    assert state.generation() != before

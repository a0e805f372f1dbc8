"""The legal pages say what the code does: the cookies the settings name, the durations the
purges and links use, the publisher's settings; every page links to them from its footer."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

from cahier.alerts.tokens import CONFIRM_MAX_AGE
from cahier.contacts.services import REMIND_AFTER
from cahier.contacts.services import RETENTION as CONTACT_RETENTION
from cahier.contributions.accounts import ACTIVATION_MAX_AGE
from cahier.reminders.tokens import MAX_AGE as REMINDER_LINK_MAX_AGE
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db

PAGES = {
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/cookies/": "Cookies",
    "/accessibilite/": "Déclaration d’accessibilité",
}
FOOTER_LINKS = {
    "/accessibilite/": "Accessibilité&nbsp;: non conforme",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles",
    "/cookies/": "Cookies",
}


def text(response) -> str:
    """The page's text, tags removed, spaces (non-breaking too) folded."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ")).replace(
        "\u00a0", " "
    )


def footer(response) -> str:
    html = response.content.decode()
    return html[html.index('class="fr-footer__bottom-list"') :]


@pytest.mark.parametrize(("url", "h1"), PAGES.items())
def test_each_legal_page_answers_with_its_title(client, url, h1):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{h1}</h1>" in response.content.decode()
    # No entity left half-written in the text (« nbsp; » shown to the reader).
    assert "nbsp;" not in text(response), url


def test_personal_data_page_names_the_controller_once(client):
    page = text(client.get("/donnees-personnelles/"))
    assert page.count("Le responsable du traitement est") == 1


def test_cookies_page_lists_exactly_the_cookies_the_settings_name(client):
    response = client.get("/cookies/")
    names = re.findall(r'<th scope="row"><code>([^<]+)</code></th>', response.content.decode())
    expected = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name]
    assert names == expected
    page = text(response)
    assert f"{settings.CSRF_COOKIE_AGE // 86400} jours" in page
    assert f"{settings.SESSION_COOKIE_AGE // 86400} jours" in page


def test_cookies_page_follows_a_renamed_session_cookie(client, settings):
    settings.SESSION_COOKIE_NAME = "cahier_session"
    assert "<code>cahier_session</code>" in client.get("/cookies/").content.decode()


def test_personal_data_page_states_the_durations_the_code_uses(client):
    page = text(client.get("/donnees-personnelles/"))
    assert f"effacés {CONTACT_RETENTION.days} jours après la demande" in page
    assert f"après {REMIND_AFTER.days} jours sans réponse" in page
    assert f"une demande non confirmée est effacée après {CONFIRM_MAX_AGE.days} jours" in page
    assert f"valable {ACTIVATION_MAX_AGE // 86400} jours" in page
    assert f"le lien du courriel est valable {REMINDER_LINK_MAX_AGE.days} jours" in page
    assert f"après {settings.AXES_FAILURE_LIMIT} échecs" in page
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"bloqués {minutes} minutes" in page


def test_personal_data_page_says_a_contact_name_is_published_only_when_public(client):
    page = text(client.get("/donnees-personnelles/"))
    assert "nom et prénom, organisme, fonction ou service" in page
    assert (
        "Le nom d’un contact, son adresse et son téléphone ne sont publiés (page de la fiche, "
        "PDF, API, exports, flux) que si ce contact est marqué public" in page
    )


def test_personal_data_page_follows_the_settings(client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=42)
    settings.CAHIER_PUBLISHER_EMAIL = "cahier@travail.gouv.fr"
    response = client.get("/donnees-personnelles/")
    assert "bloqués 42 minutes" in text(response)
    assert '<a href="mailto:cahier@travail.gouv.fr">' in response.content.decode()


def test_log_ins_are_journalled_as_the_page_says(client, settings):
    """A failed attempt is kept (to block the next ones); a successful log-in is not."""
    from axes.models import AccessAttempt, AccessLog

    from tests.contributions.factories import PASSWORD, UserFactory

    assert "Les connexions réussies ne sont pas journalisées" in text(
        client.get("/donnees-personnelles/")
    )
    UserFactory(contributor=True, username="porteuse@example.org")
    login = "/connexion/"
    client.post(login, {"username": "porteuse@example.org", "password": "mauvais"})
    assert AccessAttempt.objects.filter(username="porteuse@example.org").count() == 1
    response = client.post(login, {"username": "porteuse@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert AccessLog.objects.count() == 0


def test_placeholders_show_until_the_operator_fills_them(client, settings):
    page = text(client.get("/mentions-legales/"))
    assert "[À compléter : nom et fonction du directeur" in page
    assert "Délégation générale à l’emploi et à la formation professionnelle" in page
    assert "mailto:" not in client.get("/mentions-legales/").content.decode()
    settings.CAHIER_PUBLISHER_DIRECTOR = "Le délégué général à l’emploi"
    page = text(client.get("/mentions-legales/"))
    assert "Le délégué général à l’emploi" in page
    assert "[À compléter : nom et fonction" not in page


def test_deploy_check_names_each_placeholder_left(settings):
    from cahier.legal.checks import publisher_filled

    (warning,) = publisher_filled(None)
    assert warning.id == "legal.W001"
    assert "CAHIER_PUBLISHER_HOST" in warning.msg
    for name in (
        "CAHIER_PUBLISHER_ADDRESS",
        "CAHIER_PUBLISHER_DIRECTOR",
        "CAHIER_PUBLISHER_EMAIL",
        "CAHIER_PUBLISHER_DPO",
        "CAHIER_PUBLISHER_HOST",
        "CAHIER_SERVER_LOG_RETENTION",
    ):
        setattr(settings, name, "rempli")
    assert publisher_filled(None) == []


def test_accessibility_statement_says_non_conforme_and_gives_the_recourse(client):
    page = text(client.get("/accessibilite/"))
    assert "est non conforme avec le référentiel général d’amélioration" in page
    assert "partiellement conforme" not in page
    assert "Défenseur des droits" in page
    about = text(client.get("/a-propos/"))
    assert "partiellement conforme" not in about
    assert "déclaré non conforme" in about


@pytest.fixture
def fiche():
    return f.InitiativeFactory(slug="garage-solidaire", title="Garage solidaire")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/initiatives/",
        "/initiatives/garage-solidaire/",
        "/regions/",
        "/a-propos/",
        "/editions/",
        "/proposer/",
        "/inscription/",
        "/alertes/",
        "/initiatives/garage-solidaire/contacter/",
        "/contact/donnees-personnelles/",
        *PAGES,
    ],
)
def test_every_page_type_links_the_legal_pages_from_its_footer(client, fiche, url):
    response = client.get(url)
    assert response.status_code == 200
    bottom = footer(response)
    for href, label in FOOTER_LINKS.items():
        assert f'href="{href}">{label}</a>' in bottom
    assert "partiellement conforme" not in bottom


def test_curation_pages_link_them_too(client, fiche, curator):
    client.force_login(curator)
    bottom = footer(client.get("/curation/"))
    assert 'href="/donnees-personnelles/"' in bottom


@pytest.mark.parametrize(
    "url", ["/", "/initiatives/", "/initiatives/garage-solidaire/", "/regions/", *PAGES]
)
def test_an_anonymous_reader_gets_no_cookie(client, fiche, url):
    response = client.get(url)
    assert response.status_code == 200
    assert dict(response.cookies) == {}


def test_forms_link_to_the_personal_data_page(client, fiche):
    signup = client.get("/inscription/").content.decode()
    assert 'class="fr-notice fr-notice--info' in signup
    assert 'href="/donnees-personnelles/#comptes"' in signup
    assert 'href="/donnees-personnelles/#alertes"' in client.get("/alertes/").content.decode()
    contact = client.get("/initiatives/garage-solidaire/contacter/").content.decode()
    assert 'href="/contact/donnees-personnelles/"' in contact
    privacy = client.get("/contact/donnees-personnelles/").content.decode()
    assert 'href="/donnees-personnelles/#vos-droits"' in privacy


def test_sitemap_lists_the_legal_pages(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    for url in PAGES:
        assert f"{url}</loc>" in sitemap

"""« Me prévenir » from a result page to the digest: double opt-in, one e-mail per new fiche
and period, never twice; the links of the e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cahier.alerts.enums import SubscriptionStatus
from cahier.alerts.models import Delivery, Subscription
from tests.catalogue.factories import InitiativeFactory, KeywordFactory, region

from .factories import link

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def send(now=None) -> str:
    import io

    out = io.StringIO()
    moment = (now or timezone.now() + timedelta(minutes=1)).isoformat()
    call_command("alerts", "send", "--now", moment, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_subscribe_confirm_then_one_email_per_new_fiche(client, django_capture_on_commit_callbacks):
    KeywordFactory(label="Mobilité", slug="mobilite")
    page = client.get("/alertes/?region=bretagne&mot_cle=mobilite&tri=titre&page=2")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Région{NBSP}:</strong> Bretagne" in html
    assert f"Mot-clé{NBSP}:</strong> Mobilité" in html
    assert 'href="/initiatives/flux.atom?region=bretagne&amp;mot_cle=mobilite"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alertes/?region=bretagne&mot_cle=mobilite",
            {"email": " Lectrice@Example.org ", "frequency": "immediat"},
        )
    assert response.status_code == 200
    assert "Un courriel vient d’être envoyé à lectrice@example.org" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.query == "region=bretagne&mot_cle=mobilite"
    assert subscription.status == SubscriptionStatus.PENDING
    [confirmation] = mail.outbox
    assert confirmation.to == ["lectrice@example.org"]
    assert confirmation.subject.endswith("Confirmez votre alerte")
    assert f"Région{NBSP}: Bretagne · Mot-clé{NBSP}: Mobilité" in confirmation.body
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Nothing is sent before the confirmation, even when a matching fiche is published.
    mobility = KeywordFactory(label="Mobilité", slug="mobilite")
    early = InitiativeFactory(title="Covoiturage rural", keywords=[mobility])
    assert send().startswith("0\u00a0courriel")
    assert len(mail.outbox) == 1

    # The link opens a page; its button confirms (a mail filter opening links confirms nothing).
    confirm_url = link(confirmation, "confirmer")
    assert "Confirmer mon alerte" in client.get(confirm_url).content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING
    assert "Alerte confirmée" in client.post(confirm_url).content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED

    fiche = InitiativeFactory(title="Garage solidaire", keywords=[mobility])
    InitiativeFactory(title="Autre région", keywords=[mobility], region=region("normandie"))
    InitiativeFactory(title="Autre sujet")
    with django_capture_on_commit_callbacks(execute=True):
        assert send().startswith("1\u00a0courriel d’alerte envoyé, 1\u00a0fiche annoncée")
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.to == ["lectrice@example.org"]
    assert f"1{NBSP}nouvelle initiative" in digest.subject
    assert "Garage solidaire" in digest.body
    assert f"/initiatives/{fiche.slug}/" in digest.body
    assert "Autre région" not in digest.body and "Autre sujet" not in digest.body
    assert early.title not in digest.body  # published before the confirmation
    assert "/initiatives/flux.atom?region=bretagne&mot_cle=mobilite" in digest.body
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http://")
    assert "/un-clic/>" in digest.extra_headers["List-Unsubscribe"]

    with django_capture_on_commit_callbacks(execute=True):
        assert send().startswith("0\u00a0courriel")
    assert len(mail.outbox) == 2
    assert Delivery.objects.count() == 1


def test_results_home_and_regions_pages_link_to_the_alerts(client):
    InitiativeFactory(region=region("bretagne"))
    results = client.get("/initiatives/?region=bretagne&tri=titre").content.decode()
    assert 'href="/alertes/?region=bretagne&amp;tri=titre"' in results
    assert "Me prévenir" in results
    assert 'href="/alertes/region/"' in client.get("/").content.decode()
    assert 'href="/alertes/region/"' in client.get("/regions/").content.decode()


def test_region_form(client, django_capture_on_commit_callbacks):
    page = client.get("/alertes/region/").content.decode()
    assert "Nouvelles initiatives dans ma région" in page
    assert '<option value="bretagne">Bretagne</option>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/alertes/region/",
            {"region": "bretagne", "email": "a@example.org", "frequency": "mensuel"},
        )
    assert response.status_code == 200
    assert Subscription.objects.get().query == "region=bretagne"
    assert len(mail.outbox) == 1
    refused = client.post(
        "/alertes/region/",
        {"region": "atlantide", "email": "b@example.org", "frequency": "mensuel"},
    )
    assert refused.status_code == 400
    assert "Choisissez une région de la liste." in refused.content.decode()
    assert Subscription.objects.count() == 1


def test_resubscribing_does_not_duplicate(client, django_capture_on_commit_callbacks):
    data = {"email": "a@example.org", "frequency": "hebdomadaire"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/alertes/?region=bretagne", data)
        client.post("/alertes/?region=bretagne", data | {"frequency": "mensuel"})
    subscription = Subscription.objects.get()
    assert subscription.frequency == "mensuel"  # still pending: the last request counts
    assert len(mail.outbox) == 2
    client.post(link(mail.outbox[1], "confirmer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/alertes/?region=bretagne", data | {"frequency": "immediat"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert Subscription.objects.count() == 1
    assert subscription.frequency == "mensuel"  # nothing changes without its owner
    already = mail.outbox[2]
    assert "Vous suivez déjà cette recherche" in already.subject
    assert "/alertes/gerer/" in already.body


def test_unsubscribe_link_works_once_then_says_so(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/alertes/?region=bretagne", {"email": "a@example.org", "frequency": "immediat"}
        )
    url = link(mail.outbox[0], "desabonnement")
    page = client.get(url)
    assert "Me désabonner" in page.content.decode()
    assert Subscription.objects.count() == 1  # opening the link deletes nothing
    done = client.post(url)
    assert "Vous êtes désabonné" in done.content.decode()
    assert Subscription.objects.count() == 0
    again = client.get(url)
    assert again.status_code == 200
    assert "Vous êtes déjà désabonné" in again.content.decode()
    assert "Vous êtes déjà désabonné" in client.post(url).content.decode()


def test_one_click_unsubscribe_rfc_8058(django_capture_on_commit_callbacks):
    from django.test import Client

    from .factories import subscribe

    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe("b@example.org")
    message = mail.outbox[-1]
    header = message.extra_headers["List-Unsubscribe"]
    path = header[header.index("/alertes/") : -1]
    assert path.endswith("/un-clic/")
    assert client.get(path).status_code == 405
    assert client.post(path, {}).status_code == 400
    # The page's button is protected by CSRF; only the one-click endpoint is exempt.
    assert client.post(link(message, "desabonnement")).status_code == 403
    assert Subscription.objects.filter(email="b@example.org").exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(email="b@example.org").exists()
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_manage_page_changes_the_frequency(client):
    from cahier.alerts import tokens

    from .factories import subscribe

    subscription = subscribe(frequency="hebdomadaire")
    url = f"/alertes/gerer/{tokens.make(subscription.key, tokens.MANAGE)}/"
    page = client.get(url).content.decode()
    assert "Gérer mon alerte" in page and f"Région{NBSP}:</strong> Bretagne" in page
    assert client.post(url, {"frequency": "mensuel"}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.frequency == "mensuel"
    assert client.post(url, {"frequency": "quotidien"}).status_code == 400
    subscription.refresh_from_db()
    assert subscription.frequency == "mensuel"


def test_the_regional_portal_links_to_its_region_alert(client):
    InitiativeFactory(region=region("bretagne"))
    html = client.get("/regions/bretagne/").content.decode()
    assert 'href="/alertes/?region=bretagne"' in html


def test_the_feed_offered_instead_answers(client):
    """The Atom feed the alert pages and e-mails offer is the site's feed of that search."""
    InitiativeFactory(title="Garage solidaire", region=region("bretagne"))
    page = client.get("/alertes/?region=bretagne").content.decode()
    feed = client.get("/initiatives/flux.atom?region=bretagne")
    assert 'href="/initiatives/flux.atom?region=bretagne"' in page
    assert feed.status_code == 200
    assert "Garage solidaire" in feed.content.decode()

"""Bad links and bad input: a clear French page, nothing done, nothing lost."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.http import QueryDict
from django.utils import timezone

from cahier.alerts import tokens
from cahier.alerts.enums import SubscriptionStatus
from cahier.alerts.models import Subscription
from cahier.alerts.searches import AlertQuery
from tests.catalogue.factories import KeywordFactory

from .factories import subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    return subscribe(confirmed=False)


def test_a_tampered_link_changes_nothing(client, pending):
    token = tokens.make(pending.key, tokens.CONFIRM)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for response in (
        client.get(f"/alertes/confirmer/{tampered}/"),
        client.post(f"/alertes/confirmer/{tampered}/"),
    ):
        assert response.status_code == 400
        assert "Ce lien n’est pas valide" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == SubscriptionStatus.PENDING
    # Another purpose's link, however well signed, is not a confirmation.
    unsubscribe = tokens.make(pending.key, tokens.UNSUBSCRIBE)
    assert client.post(f"/alertes/confirmer/{unsubscribe}/").status_code == 400
    assert client.post(f"/alertes/desabonnement/{tampered}/").status_code == 400
    assert client.post(f"/alertes/desabonnement/{tampered}/un-clic/").status_code == 400
    assert Subscription.objects.filter(pk=pending.pk, status=SubscriptionStatus.PENDING).exists()


def test_an_expired_confirmation_link_changes_nothing(client, pending):
    old = tokens.make(pending.key, tokens.CONFIRM, now=timezone.now() - timedelta(days=8))
    response = client.post(f"/alertes/confirmer/{old}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Lien expiré" in html and "valable 7\u00a0jours" in html
    pending.refresh_from_db()
    assert pending.status == SubscriptionStatus.PENDING
    # Unsubscribe links do not expire.
    old_exit = tokens.make(
        pending.key, tokens.UNSUBSCRIBE, now=timezone.now() - timedelta(days=900)
    )
    assert client.get(f"/alertes/desabonnement/{old_exit}/").status_code == 200


def test_a_confirmation_for_a_purged_request(client, pending):
    token = tokens.make(pending.key, tokens.CONFIRM)
    pending.delete()
    response = client.get(f"/alertes/confirmer/{token}/")
    assert response.status_code == 410
    assert "Cette demande n’existe plus" in response.content.decode()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("pas-une-adresse", "Saisissez une adresse électronique valide (ex. nom@domaine.fr)."),
        ("", "Indiquez votre adresse électronique."),
        ("a" * 250 + "@example.org", "L’adresse électronique dépasse 254 caractères."),
    ],
)
def test_invalid_email_is_refused_clearly(client, email, message):
    response = client.post("/alertes/?region=bretagne", {"email": email, "frequency": "immediat"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert "La demande n’a pas été enregistrée" in html
    assert Subscription.objects.count() == 0
    assert mail.outbox == []


def test_invalid_frequency(client):
    response = client.post("/alertes/", {"email": "a@example.org", "frequency": "quotidien"})
    assert response.status_code == 400
    assert "Choisissez une fréquence." in response.content.decode()
    assert Subscription.objects.count() == 0


def test_typed_input_is_kept_after_an_error(client):
    response = client.post("/alertes/", {"email": "a@example", "frequency": "mensuel"})
    html = response.content.decode()
    assert 'value="a@example"' in html
    assert re.search(r'value="mensuel"[^>]*checked', html)
    assert not re.search(r'value="hebdomadaire"[^>]*checked', html)


def test_a_burst_from_one_address_is_refused(client, settings, django_capture_on_commit_callbacks):
    settings.CAHIER_RATELIMITS = settings.CAHIER_RATELIMITS | {"alert": "3/h"}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                "/alertes/?region=bretagne", {"email": f"n{i}@example.org", "frequency": "immediat"}
            ).status_code
            for i in range(5)
        ]
    assert statuses == [200, 200, 200, 429, 429]
    last = client.post("/alertes/", {"email": "z@example.org", "frequency": "immediat"})
    html = last.content.decode()
    assert "Trop de demandes d’alerte" in html
    assert 'value="z@example.org"' in html  # what was typed is kept
    assert Subscription.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_burst_for_one_email_is_refused(client, settings, django_capture_on_commit_callbacks):
    settings.CAHIER_RATELIMITS = settings.CAHIER_RATELIMITS | {"alert_email": "2/h"}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                f"/alertes/?q=mot{i}",
                {
                    "email": "Cible@Example.org" if i % 2 else "cible@example.org",
                    "frequency": "immediat",
                },
                REMOTE_ADDR=f"10.0.0.{i}",
            ).status_code
            for i in range(4)
        ]
    assert statuses == [200, 200, 429, 429]
    assert len(mail.outbox) == 2


def test_the_honeypot_gets_the_same_answer_and_nothing(client):
    response = client.post(
        "/alertes/?region=bretagne",
        {"email": "bot@example.org", "frequency": "immediat", "site_web": "https://spam.example"},
    )
    assert response.status_code == 200
    assert "Confirmez votre alerte" in response.content.decode()
    assert Subscription.objects.count() == 0
    assert mail.outbox == []


def test_too_many_searches_for_one_address(client, monkeypatch):
    from cahier.alerts import services

    monkeypatch.setattr(services, "MAX_PER_EMAIL", 2)
    for word in ("garage", "epicerie"):
        subscribe("a@example.org", f"q={word}")
    response = client.post("/alertes/?q=velo", {"email": "a@example.org", "frequency": "immediat"})
    assert response.status_code == 400
    assert "Cette adresse suit déjà 2 recherches" in response.content.decode()
    assert Subscription.objects.count() == 2


def test_an_unknown_filter_value(client):
    response = client.get("/alertes/?region=atlantide")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cette recherche ne peut pas être suivie" in html
    assert "atlantide" in html and "région" in html
    assert client.post("/alertes/?region=atlantide", {"email": "a@example.org"}).status_code == 400
    assert Subscription.objects.count() == 0


def test_the_query_is_canonical_and_said_in_french():
    KeywordFactory(label="Mobilité", slug="mobilite")
    query = AlertQuery.from_querydict(
        QueryDict("mot_cle=mobilite&tri=titre&page=2&region=bretagne&evenement=trophees-fse")
    )
    assert query.text == "region=bretagne&mot_cle=mobilite&evenement=Troph%C3%A9es+FSE"
    assert query.describe() == (
        "Région\u00a0: Bretagne · Mot-clé\u00a0: Mobilité · Événement\u00a0: Trophées FSE"
    )
    assert AlertQuery.from_text(query.text) == query
    assert AlertQuery.from_querydict(QueryDict("")).describe() == "Toutes les nouvelles initiatives"

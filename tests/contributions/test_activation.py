"""The activation link of a sign-up: one use, bound to the account's state, nothing readable."""

import base64
import binascii
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Un-Mot-De-Passe-Solide-42"
EMAIL = "porteuse@example.org"


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks):
    """(user, link) for a fresh sign-up, its link read from the e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inscription/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    (message,) = mail.outbox
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)
    return get_user_model().objects.get(username=EMAIL), link


def _refused(response) -> bool:
    return response.status_code == 400 and "pas valide" in response.content.decode()


def _signed_in(client) -> bool:
    return client.get("/mes-initiatives/").status_code == 200


def test_the_link_serves_once(signed_up):
    user, link = signed_up
    first = Client()
    assert first.get(link).status_code == 302
    assert _signed_in(first)
    first.post("/deconnexion/")
    # Opened again in a fresh browser: no log-in.
    again = Client()
    assert _refused(again.get(link))
    assert not _signed_in(again)


def test_the_link_dies_when_the_password_changes(signed_up):
    user, link = signed_up
    user.set_password("Un-Autre-Mot-De-Passe-43")
    user.save()
    assert _refused(Client().get(link))
    user.refresh_from_db()
    assert not user.is_active


def test_the_link_never_reactivates_a_deactivated_account(signed_up, client):
    user, link = signed_up
    assert client.get(link).status_code == 302
    client.post("/deconnexion/")
    user.refresh_from_db()
    user.is_active = False  # deactivated by an administrator
    user.save()
    fresh = Client()
    assert _refused(fresh.get(link))
    assert not _signed_in(fresh)
    user.refresh_from_db()
    assert not user.is_active


def test_signing_up_again_sends_no_link_to_a_deactivated_account(
    signed_up, client, django_capture_on_commit_callbacks
):
    user, link = signed_up
    client.get(link)
    client.post("/deconnexion/")
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/inscription/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD}
        )
    assert "Un message vient d’être envoyé" in response.content.decode()  # reveals nothing
    assert not any("/inscription/confirmer/" in message.body for message in mail.outbox)


def test_signing_up_again_before_activating_sends_a_new_link_and_kills_the_old(
    signed_up, client, django_capture_on_commit_callbacks
):
    user, old_link = signed_up
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inscription/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    (message,) = mail.outbox
    new_link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)
    assert new_link != old_link
    assert _refused(Client().get(old_link))
    assert Client().get(new_link).status_code == 302


def test_the_link_expires_after_three_days(signed_up):
    user, link = signed_up
    from cahier.contributions.models import AccountActivation

    AccountActivation.objects.filter(user=user).update(
        created_at=timezone.now() - timedelta(days=3, minutes=1)
    )
    response = Client().get(link)
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()


def test_the_link_carries_nothing_readable(signed_up):
    user, link = signed_up
    token = link.rstrip("/").rsplit("/", 1)[-1]
    for part in re.split(r"[:.]", token):
        try:
            decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        assert b"porteuse" not in decoded
        assert b"example" not in decoded
        assert f'"u":{user.pk}'.encode() not in decoded

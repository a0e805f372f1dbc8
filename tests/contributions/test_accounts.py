"""Accounts: sign-up with a signed e-mail link, invitations, password reset, the curator role."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from cahier.contributions import accounts
from cahier.core import roles

pytestmark = pytest.mark.django_db

PASSWORD = "Un-Mot-De-Passe-Solide-42"


def _link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)


def test_signup_sends_a_signed_link_that_activates_the_account(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/inscription/",
            {
                "email": "Porteuse@Example.org",
                "first_name": "Awa",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert "Un message vient d’être envoyé à porteuse@example.org" in response.content.decode()
    user = get_user_model().objects.get(username="porteuse@example.org")
    assert not user.is_active
    assert (
        client.post(
            "/connexion/", {"username": "porteuse@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    (message,) = mail.outbox
    assert message.to == ["porteuse@example.org"]
    assert "Confirmez votre adresse" in message.subject
    link = _link(message)
    assert client.get(link[:-3] + "xyz/").status_code == 400  # an altered link
    response = client.get(link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    # Signed in by the link; the address is the identifier, whatever its case.
    assert client.get("/mes-initiatives/").status_code == 200
    client.post("/deconnexion/")
    response = client.post(
        "/connexion/", {"username": "PORTEUSE@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_signup_with_a_known_address_reveals_nothing_on_the_page(
    client, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/inscription/",
            {"email": contributor.email, "password1": PASSWORD, "password2": PASSWORD},
        )
    assert "Un message vient d’être envoyé" in response.content.decode()
    (message,) = mail.outbox
    assert "déjà un compte" in message.subject


def test_signup_validation_messages_are_french(client):
    response = client.post(
        "/inscription/", {"email": "pas-une-adresse", "password1": "123", "password2": "456"}
    )
    html = response.content.decode()
    assert "Saisissez une adresse électronique valide" in html
    assert "Les deux mots de passe ne sont pas identiques." in html
    assert not mail.outbox


def test_a_curator_invites_a_contributor_who_chooses_a_password(
    client, curator, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/curation/contributeurs/inviter/",
            {"email": "referente@example.org", "message": "Bienvenue !"},
        )
    client.logout()
    (message,) = mail.outbox
    assert "Bienvenue !" in message.body
    response = client.get(_link(message), follow=True)
    assert "Choisir un mot de passe" in response.content.decode()
    set_url = response.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert client.login(request=HttpRequest(), username="referente@example.org", password=PASSWORD)


def test_password_reset_by_email(client, contributor):
    client.post("/mot-de-passe/", {"email": contributor.email})
    (message,) = mail.outbox
    assert message.subject == "Réinitialisation de votre mot de passe"
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    client.post(
        response.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    # django-axes counts log-ins per request: Client.login() must give it one.
    assert client.login(request=HttpRequest(), username=contributor.username, password=PASSWORD)


def test_curator_command_grants_and_revokes_the_role(contributor):
    call_command("curator", "add", "PORTEUR@example.org")
    contributor = get_user_model().objects.get(pk=contributor.pk)
    assert roles.is_curator(contributor)
    call_command("curator", "remove", contributor.email)
    contributor = get_user_model().objects.get(pk=contributor.pk)
    assert not roles.is_curator(contributor)
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("curator", "add", "inconnu@example.org")


def test_superusers_are_curators_without_the_group(admin_user, contributor):
    assert roles.is_curator(admin_user)
    assert not roles.is_curator(contributor)
    assert accounts.curator_group().name == "Curateurs"

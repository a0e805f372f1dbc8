"""« Je souhaite m'inspirer de ce projet »: who receives what, and what nobody sees."""

import pytest
from django.core import mail
from django.urls import reverse

from cahier.contacts.enums import RequestStatus
from cahier.contacts.models import ContactRequest
from tests.catalogue.factories import InitiativeFactory, region

from .conftest import HOLDER, REFERENT, REQUESTER, form_data

pytestmark = pytest.mark.django_db


def _post(client, initiative, remote_addr="127.0.0.1", **overrides):
    url = reverse("contacts:form", kwargs={"slug": initiative.slug})
    return client.post(url, form_data(**overrides), REMOTE_ADDR=remote_addr)


def _by_recipient() -> dict:
    return {message.to[0]: message for message in mail.outbox}


def test_every_published_fiche_offers_the_form(client, fiche):
    page = client.get(fiche.get_absolute_url()).content.decode()
    assert "Je souhaite m’inspirer de ce projet" in page
    assert reverse("contacts:form", kwargs={"slug": fiche.slug}) in page
    form = client.get(reverse("contacts:form", kwargs={"slug": fiche.slug}))
    assert form.status_code == 200
    text = form.content.decode()
    assert "Votre adresse électronique" in text
    assert reverse("contacts:privacy") in text
    # Nobody's address on the page.
    assert HOLDER not in text and REFERENT not in text


def test_a_draft_has_no_contact_form(client):
    draft = InitiativeFactory(slug="brouillon", draft=True, with_kit=True)
    assert client.get(reverse("contacts:form", kwargs={"slug": draft.slug})).status_code == 404


@pytest.mark.postgres
def test_holder_and_referent_each_get_their_own_mail_and_the_requester_a_copy(
    client, fiche, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, fiche)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Votre demande est enregistrée" in page
    assert "Association Horizon" in page and "DREETS Bretagne" in page
    assert HOLDER not in page and REFERENT not in page

    messages = _by_recipient()
    assert set(messages) == {HOLDER, REFERENT, REQUESTER}
    for address in (HOLDER, REFERENT):
        message = messages[address]
        assert message.reply_to == [REQUESTER]
        assert message.cc == [] and message.bcc == []
        assert "Garage solidaire" in message.subject
        assert "nous voudrions monter un garage solidaire" in message.body
        assert "Léa Martin (Ville de Lorient)" in message.body
        other = REFERENT if address == HOLDER else HOLDER
        assert other not in message.body and other not in str(message.message())
        assert "/contact/repondu/" in message.body
    assert "DREETS Bretagne" in messages[HOLDER].body  # told who else got it, not the address
    copy = messages[REQUESTER]
    assert HOLDER not in copy.body and REFERENT not in copy.body
    assert "Association Horizon" in copy.body and "nous voudrions" in copy.body
    assert copy.reply_to == []

    contact = ContactRequest.objects.get()
    assert contact.status == RequestStatus.SENT
    assert [r["kind"] for r in contact.recipients] == ["porteur", "referent"]
    assert HOLDER not in str(contact.recipients)


def test_2019_direccte_addresses_never_receive(
    client, legacy_fiche, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, legacy_fiche)
    assert response.status_code == 200
    assert "Aucun contact joignable" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[REQUESTER]]
    assert "pas encore de contact joignable" in mail.outbox[0].body
    assert ContactRequest.objects.get().status == RequestStatus.NO_RECIPIENT


@pytest.mark.postgres
def test_without_a_current_referent_the_region_referent_receives(
    client, legacy_fiche, django_capture_on_commit_callbacks
):
    bretagne = region("bretagne")
    bretagne.referent_organisation = "DREETS Bretagne"
    bretagne.referent_email = "essaimage@dreets-bretagne.example"
    bretagne.save()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, legacy_fiche)
    messages = _by_recipient()
    assert set(messages) == {"essaimage@dreets-bretagne.example", REQUESTER}
    assert messages["essaimage@dreets-bretagne.example"].reply_to == [REQUESTER]
    assert all("direccte" not in address for m in mail.outbox for address in m.to)
    assert ContactRequest.objects.get().recipients == [
        {"kind": "referent_regional", "organisation": "DREETS Bretagne"}
    ]


def test_the_form_warns_before_sending_when_nobody_can_be_reached(client, legacy_fiche):
    page = client.get(reverse("contacts:form", kwargs={"slug": legacy_fiche.slug}))
    assert "Pas encore de contact joignable" in page.content.decode()


@pytest.mark.postgres
def test_a_double_submit_makes_one_request(client, fiche, django_capture_on_commit_callbacks):
    data = form_data()
    url = reverse("contacts:form", kwargs={"slug": fiche.slug})
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 200
    assert "Votre demande est enregistrée" in second.content.decode()
    assert ContactRequest.objects.count() == 1
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"message": "x" * 3_001}, "Le message dépasse 3\u202f000 caractères (3\u202f001)."),
        ({"email": "lea.martin@"}, "L’adresse électronique « lea.martin@ » n’est pas valide"),
        ({"email": "a@b.example\nBcc: victime@example.org"}, "n’est pas valide"),
        ({"name": "Léa\nBcc: victime@example.org"}, "Le nom tient sur une seule ligne."),
        ({"consent": ""}, "Cochez la case pour accepter"),
        ({"message": ""}, "Écrivez votre message."),
    ],
    ids=["trop-long", "adresse", "injection-adresse", "injection-nom", "consentement", "vide"],
)
def test_bad_input_is_refused_clearly_and_nothing_is_sent(
    client, fiche, overrides, field_message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, fiche, **overrides)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Votre demande n’a pas été envoyée" in page
    assert field_message.replace("'", "&#x27;") in page
    assert "Garage solidaire" in page  # still the form of this fiche
    if overrides.get("message", "").startswith("x"):
        assert "x" * 3_001 in page  # what was typed is kept
    assert mail.outbox == []
    assert not ContactRequest.objects.exists()


def test_a_filled_honeypot_is_refused(client, fiche, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, fiche, site_web="https://spam.example")
    assert response.status_code == 400
    assert "rempli par un programme" in response.content.decode()
    assert mail.outbox == [] and not ContactRequest.objects.exists()


def test_a_form_sent_back_within_seconds_is_refused(client, fiche):
    from cahier.contacts import tokens

    response = _post(client, fiche, token=tokens.form_token())
    assert response.status_code == 400
    assert "Envoi trop rapide" in response.content.decode()
    assert "nous voudrions monter un garage" in response.content.decode()
    assert mail.outbox == [] and not ContactRequest.objects.exists()


@pytest.mark.parametrize("token", ["", "abc:def", "forged"])
def test_a_missing_or_forged_token_is_refused_and_renewed(client, fiche, token):
    response = _post(client, fiche, token=token)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le formulaire est incomplet ou a été modifié" in page
    assert 'name="token" value="' in page and f'name="token" value="{token}"' not in page
    assert not ContactRequest.objects.exists()


def test_an_expired_form_keeps_the_text_and_gets_a_new_token(client, fiche):
    import time

    from cahier.contacts import tokens

    old = tokens.form_token(now=time.time() - 7 * 3600)
    response = _post(client, fiche, token=old)
    assert response.status_code == 400
    page = response.content.decode()
    assert "plus de 6\u00a0heures" in page
    assert "nous voudrions monter un garage" in page
    assert old not in page


def test_a_burst_on_one_fiche_is_refused(client, fiche, django_capture_on_commit_callbacks):
    from cahier.contacts.services import BURST_LIMIT

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(BURST_LIMIT):
            response = _post(client, fiche, email=f"personne{n}@example.org")
            assert response.status_code == 200
    sent = len(mail.outbox)
    assert sent == 3 * BURST_LIMIT
    with django_capture_on_commit_callbacks(execute=True):
        refused = _post(client, fiche, email="encore@example.org")
    assert refused.status_code == 429
    assert "Cette fiche vient de recevoir de nombreuses demandes" in refused.content.decode()
    assert len(mail.outbox) == sent
    assert ContactRequest.objects.count() == BURST_LIMIT


def test_rate_limit_per_address(client, fiche, settings, django_capture_on_commit_callbacks):
    settings.CAHIER_RATELIMITS = {**settings.CAHIER_RATELIMITS, "contact_email": "2/d"}
    other = InitiativeFactory(slug="autre", with_kit=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, fiche).status_code == 200
        assert _post(client, other).status_code == 200
        third = _post(client, fiche, remote_addr="10.0.0.2")
    assert third.status_code == 429
    assert "Trop de demandes envoyées" in third.content.decode()
    assert ContactRequest.objects.count() == 2


def test_rate_limit_per_client_address(client, fiche, settings):
    settings.CAHIER_RATELIMITS = {**settings.CAHIER_RATELIMITS, "contact": "1/h"}
    assert _post(client, fiche).status_code == 200
    second = _post(client, fiche, email="autre@example.org")
    assert second.status_code == 429
    assert ContactRequest.objects.count() == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(fiche):
    from django.db import transaction

    from cahier.contacts import services

    requester = services.Requester("Léa", "", "", REQUESTER, "Bonjour")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.contact_request_send(initiative=fiche, requester=requester, key="k1")
        raise RuntimeError
    assert mail.outbox == [] and not ContactRequest.objects.exists()

"""After the request: the reminder, « sans réponse », the « J'ai répondu » link and the
erasure of personal data, each idempotent, on a frozen clock (services take `now=`)."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cahier.contacts import services, tokens
from cahier.contacts.enums import AnsweredBy, RequestStatus
from cahier.contacts.models import ContactRequest
from cahier.contributions.enums import AuditAction
from cahier.contributions.models import AuditLogEntry

from .conftest import HOLDER, REFERENT, REQUESTER

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


def _send(initiative, key="cle-1", now=T0) -> ContactRequest:
    requester = services.Requester(
        name="Léa Martin",
        organisation="Ville de Lorient",
        territory="Lorient",
        email=REQUESTER,
        message="Pouvons-nous visiter le garage ?",
    )
    contact, created = services.contact_request_send(
        initiative=initiative, requester=requester, key=key, now=now
    )
    assert created
    return contact


def _state(contact) -> ContactRequest:
    return ContactRequest.objects.get(pk=contact.pk)


@pytest.mark.postgres
def test_one_reminder_to_the_holder_after_15_days_then_sans_reponse(
    fiche, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = _send(fiche)
    mail.outbox.clear()

    # Day 14: too early.
    assert services.contact_requests_remind(now=T0 + timedelta(days=14)) == {
        "reminded": 0,
        "closed": 0,
    }
    # Day 15: one reminder, to the holder only, Reply-To the requester.
    day15 = T0 + timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.contact_requests_remind(now=day15) == {"reminded": 1, "closed": 0}
    assert [m.to for m in mail.outbox] == [[HOLDER]]
    reminder = mail.outbox[0]
    assert reminder.subject.startswith("[Cahier des initiatives inclusion] Relance")
    assert reminder.reply_to == [REQUESTER]
    assert "Pouvons-nous visiter le garage ?" in reminder.body
    assert REFERENT not in reminder.body
    assert _state(contact).reminded_at == day15

    # Running it again (same day, next day): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.contact_requests_remind(now=day15)["reminded"] == 0
        assert services.contact_requests_remind(now=day15 + timedelta(days=1))["reminded"] == 0
    assert len(mail.outbox) == 1
    assert _state(contact).status == RequestStatus.SENT

    # 15 days after the reminder: « sans réponse », once.
    day30 = day15 + timedelta(days=15)
    assert services.contact_requests_remind(now=day30) == {"reminded": 0, "closed": 1}
    assert services.contact_requests_remind(now=day30) == {"reminded": 0, "closed": 0}
    closed = _state(contact)
    assert closed.status == RequestStatus.UNANSWERED and closed.closed_at == day30
    assert len(mail.outbox) == 1


def test_answered_and_unreachable_requests_are_not_reminded(
    fiche, legacy_fiche, django_capture_on_commit_callbacks
):
    answered = _send(fiche)
    services.contact_request_answer(contact_request=answered, by=AnsweredBy.HOLDER)
    nobody = _send(legacy_fiche, key="cle-2")
    assert nobody.status == RequestStatus.NO_RECIPIENT
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.contact_requests_remind(now=T0 + timedelta(days=40))
    assert result == {"reminded": 0, "closed": 0}
    assert mail.outbox == []


@pytest.mark.postgres
def test_purge_erases_personal_data_after_12_months_and_keeps_statistics(fiche):
    old = _send(fiche)
    recent = _send(fiche, key="cle-2", now=T0 + timedelta(days=200))
    services.contact_request_answer(
        contact_request=old, by=AnsweredBy.HOLDER, now=T0 + timedelta(days=3)
    )
    at = T0 + timedelta(days=366)
    assert services.contact_requests_purge(now=at) == 1
    assert services.contact_requests_purge(now=at) == 0  # idempotent
    erased = _state(old)
    assert (erased.name, erased.organisation, erased.email, erased.message) == ("", "", "", "")
    assert erased.anonymised_at == at
    # Kept for statistics: dates, status, territory, the recipients' roles.
    assert erased.created_at == T0 and erased.status == RequestStatus.ANSWERED
    assert erased.territory == "Lorient"
    assert [r["kind"] for r in erased.recipients] == ["porteur", "referent"]
    assert _state(recent).email == REQUESTER


def test_the_commands_run_on_the_real_clock(fiche, capsys):
    contact = _send(fiche, now=timezone.now() - timedelta(days=400))
    call_command("contacts", "remind")
    call_command("contacts", "purge")
    call_command("contacts", "purge")
    out = capsys.readouterr().out
    assert "1 demande(s) relancée(s)" in out
    assert "1 demande(s) anonymisée(s)" in out and "0 demande(s) anonymisée(s)" in out
    assert _state(contact).email == ""


# The « J'ai répondu » link.


def _link(contact, now=None) -> str:
    return reverse("contacts:answered", kwargs={"token": tokens.answer_token(contact.pk, now=now)})


def test_the_link_in_the_mail_marks_the_request_answered_once(
    client, fiche, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = _send(fiche)
    holder_mail = next(m for m in mail.outbox if m.to == [HOLDER])
    path = next(
        line.strip().removeprefix("http://127.0.0.1:8000")
        for line in holder_mail.body.splitlines()
        if "/contact/repondu/" in line
    )
    # Opening the link (a mail scanner does too) changes nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "Avez-vous répondu à cette demande" in page.content.decode()
    assert _state(contact).status == RequestStatus.SENT

    done = client.post(path)
    assert "enregistrée comme répondue" in done.content.decode()
    answered = _state(contact)
    assert answered.status == RequestStatus.ANSWERED
    assert answered.answered_by == AnsweredBy.HOLDER

    again = client.post(path)
    assert again.status_code == 200
    assert "Déjà enregistrée" in again.content.decode()
    assert _state(contact).answered_at == answered.answered_at


def test_an_expired_link_says_so(client, fiche):
    contact = _send(fiche)
    issued = time.time() - (tokens.ANSWER_MAX_AGE.total_seconds() + 60)
    response = client.post(_link(contact, now=issued))
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    assert _state(contact).status == RequestStatus.SENT


def test_a_tampered_link_is_refused(client, fiche):
    contact = _send(fiche)
    other = _send(fiche, key="cle-2")
    token = tokens.answer_token(contact.pk)
    forged = token.replace(token.split(":")[0], tokens.answer_token(other.pk).split(":")[0])
    for bad in (forged, token[:-2] + "xx", "n-importe-quoi"):
        response = client.post(reverse("contacts:answered", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "Ce lien n’est pas valide" in response.content.decode().replace("&#x27;", "'")
    assert not ContactRequest.objects.filter(status=RequestStatus.ANSWERED).exists()


def test_a_curator_marks_a_request_answered_and_it_is_audited(client, fiche):
    from tests.contributions.factories import UserFactory

    curator = UserFactory(username="curatrice", curator=True)
    contact = _send(fiche)
    client.force_login(curator)
    url = reverse("contacts_curation:request_answer", kwargs={"pk": contact.pk})
    response = client.post(url, {"next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("contacts_curation:requests")
    assert "marquée répondue" in response.content.decode()
    state = _state(contact)
    assert state.status == RequestStatus.ANSWERED and state.answered_by_user == curator
    entry = AuditLogEntry.objects.get(action=AuditAction.CONTACT_ANSWERED)
    assert entry.actor == curator and entry.initiative == fiche
    client.post(url)
    assert AuditLogEntry.objects.filter(action=AuditAction.CONTACT_ANSWERED).count() == 1

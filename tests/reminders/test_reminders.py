"""Update reminders on a frozen clock (`now=`): schedule, idempotence, the relance and the
curators' queue, the three answers of the signed link, and the links that must do nothing."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cahier.catalogue.enums import ContactRole, ProjectStatus
from cahier.catalogue.models import Initiative
from cahier.contributions.models import Revision
from cahier.reminders import selectors, tokens
from cahier.reminders.enums import Answer
from cahier.reminders.models import Reminder
from cahier.reminders.services import reminders_send
from tests.catalogue.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def paris(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


PUBLISHED = paris(2025, 3, 10, 9, 0)
DUE = paris(2026, 3, 10, 9, 0)  # 12 months later


def holder(email: str, role=ContactRole.HOLDER) -> dict:
    return {
        "role": role,
        "organisation": "Horizon",
        "service": "",
        "email": email,
        "phone": "",
        "public": False,
    }


def fiche(contacts=None, *, title="Garage solidaire de Lorient", months=None) -> Initiative:
    if contacts is None:
        contacts = [holder("direction@horizon.example")]
    extra = {"check_interval_months": months} if months else {}
    initiative = InitiativeFactory(title=title, contacts=contacts, **extra)
    Initiative.objects.filter(pk=initiative.pk).update(published_at=PUBLISHED, verified_at=None)
    initiative.refresh_from_db()
    return initiative


def answer_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/rappel/[^\s]+/)(?:\s|$)", message.body)
    assert found, message.body
    return found.group(1)


def test_schedule_follows_the_interval_and_the_last_verification():
    twelve, six = fiche(), fiche(title="Épicerie sociale", months=6)
    assert reminders_send(now=paris(2025, 9, 10, 8, 59)).sent == 0
    assert reminders_send(now=paris(2025, 9, 10, 9, 0)).sent == 1
    assert "Épicerie sociale" in mail.outbox[0].body
    reminders_send(now=DUE - timedelta(minutes=1))  # the six-month fiche's relance only
    assert not Reminder.objects.filter(initiative=twelve).exists()
    assert all("Épicerie sociale" in message.body for message in mail.outbox)
    # Verified since publication: the 12 months count from the verification.
    Initiative.objects.filter(pk=twelve.pk).update(verified_at=paris(2025, 12, 1))
    assert reminders_send(now=DUE).sent == 0
    reminders_send(now=paris(2026, 12, 1))
    assert Reminder.objects.filter(initiative=twelve).count() == 1
    assert mail.outbox[-1].to == ["direction@horizon.example"]
    assert "Garage solidaire de Lorient" in mail.outbox[-1].body
    assert Reminder.objects.get(initiative=six).second_sent_at is not None


def test_a_24_month_fiche_is_due_two_years_after_its_verification_not_one():
    fiche(title="Mobilité 24", months=24)
    Initiative.objects.filter(title="Mobilité 24").update(verified_at=paris(2025, 6, 1, 9))
    assert reminders_send(now=paris(2026, 6, 1, 9)).sent == 0  # 12 months: not yet
    assert reminders_send(now=paris(2027, 6, 1, 8, 59)).sent == 0
    assert reminders_send(now=paris(2027, 6, 1, 9)).sent == 1
    assert "tous les 24" in mail.outbox[0].body.replace("\u00a0", " ")
    assert Reminder.objects.get().period_start == paris(2025, 6, 1, 9)


def test_rerunning_never_sends_twice_and_ended_projects_are_left_alone():
    fiche()
    fiche(title="Fini", contacts=[holder("fin@horizon.example")])
    Initiative.objects.filter(title="Fini").update(project_status=ProjectStatus.ENDED)
    assert reminders_send(now=DUE).sent == 1
    assert reminders_send(now=DUE).sent == 0
    call_command("reminders", "send", "--now", (DUE + timedelta(days=3)).isoformat())
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_two_reminders_then_the_curators_queue(client, curator):
    initiative = fiche()
    reminders_send(now=DUE)
    assert reminders_send(now=DUE + timedelta(days=14)).sent == 0
    assert reminders_send(now=DUE + timedelta(days=15)).sent == 1
    assert mail.outbox[1].subject.endswith(
        "Relance\u00a0: votre fiche est-elle toujours d’actualité\u202f?"
    )
    assert reminders_send(now=DUE + timedelta(days=90)).sent == 0  # at most two
    assert len(mail.outbox) == 2
    second = DUE + timedelta(days=15)
    assert not selectors.to_check(second + timedelta(days=29)).exists()
    assert list(selectors.to_check(second + timedelta(days=30))) == [
        Reminder.objects.get(initiative=initiative)
    ]
    client.force_login(curator)
    page = client.get("/curation/a-verifier/").content.decode()
    assert "Garage solidaire de Lorient" in page
    assert "relance le" in page


def test_no_holder_address_goes_straight_to_the_queue_and_legacy_addresses_get_nothing():
    fiche(
        contacts=[
            holder("bretag.direction@direccte.gouv.fr"),
            holder("pole3e@dreets.example", role=ContactRole.REFERENT),
        ]
    )
    report = reminders_send(now=DUE)
    assert (report.sent, report.queued) == (0, 1)
    assert mail.outbox == []
    assert selectors.to_check(DUE).count() == 1
    mixed = fiche(
        title="Mixte",
        contacts=[holder("ara.pole@direccte.gouv.fr"), holder("Porteur@Mixte.example")],
    )
    reminders_send(now=DUE)
    [message] = mail.outbox
    assert message.to == ["porteur@mixte.example"]
    assert mixed.title in message.body


def test_queue_is_for_curators_only(client):
    response = client.get("/curation/a-verifier/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def _sent_link(client, **kwargs):
    """A fiche due since DUE, reminded just now (the page reads the link on the real clock)."""
    initiative = fiche(**kwargs)
    reminders_send(now=timezone.now())
    path = answer_path(mail.outbox[-1])
    return initiative, path


def test_still_current_sets_verified_and_the_link_works_once(client):
    initiative, path = _sent_link(client)
    page = client.get(path)
    assert "Toujours d’actualité" in page.content.decode()
    initiative.refresh_from_db()
    assert initiative.verified_at is None  # opening the link (a mail scanner) does nothing
    response = client.post(path, {"answer": Answer.CURRENT})
    assert response.status_code == 200 and "vérifiée aujourd’hui" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.verified_at is not None
    again = client.post(path, {"answer": Answer.ENDED})
    assert again.status_code == 409 and "Lien déjà utilisé" in again.content.decode()
    initiative.refresh_from_db()
    assert initiative.project_status != ProjectStatus.ENDED
    # A new period starts from the verification: nothing is due, the queue is empty.
    assert reminders_send(now=timezone.now() + timedelta(days=40)).sent == 0
    assert not selectors.to_check(timezone.now() + timedelta(days=100)).exists()


def test_to_update_opens_the_form_and_answers_nothing_yet(client):
    """The form and the proposal it makes: tests/contributions/test_update_proposals.py."""
    initiative, path = _sent_link(client)
    response = client.post(path, {"answer": Answer.UPDATE})
    assert response.status_code == 302 and response["Location"] == f"{path}mise-a-jour/"
    assert client.get(response["Location"]).status_code == 200
    reminder = Reminder.objects.get(initiative=initiative)
    assert not reminder.answered  # answered when the form is sent
    initiative.refresh_from_db()
    assert initiative.verified_at is None


def test_project_ended_sets_the_status_through_a_revision_and_stays_visible(client):
    initiative, path = _sent_link(client)
    page = client.post(path, {"answer": Answer.ENDED}).content.decode()
    assert "terminé" in page
    initiative.refresh_from_db()
    assert initiative.project_status == ProjectStatus.ENDED
    assert Revision.objects.filter(initiative=initiative, comment__contains="terminé").exists()
    assert client.get(initiative.get_absolute_url()).status_code == 200


def test_expired_and_tampered_links_do_nothing(client):
    initiative, path = _sent_link(client)
    token = path.split("/")[2]
    key = tokens.read(token)
    late = tokens.make(key, now=timezone.now() - tokens.MAX_AGE - timedelta(minutes=1))
    expired = client.post(f"/rappel/{late}/", {"answer": Answer.CURRENT})
    assert expired.status_code == 400 and "Lien expiré" in expired.content.decode()
    tampered = client.post(f"/rappel/{token[:-2]}xx/", {"answer": Answer.CURRENT})
    assert tampered.status_code == 400 and "Lien non valide" in tampered.content.decode()
    other_purpose = tokens.make(key, purpose="other")
    assert client.post(f"/rappel/{other_purpose}/", {"answer": Answer.CURRENT}).status_code == 400
    bad_choice = client.post(path, {"answer": "whatever"})
    assert bad_choice.status_code == 400
    initiative.refresh_from_db()
    assert initiative.verified_at is None
    assert not Reminder.objects.get(initiative=initiative).answered


def test_a_valid_link_within_thirty_days_is_accepted():
    reminder_key, issued = "abc", DUE.astimezone(UTC)  # UTC: 30 days of 24 hours
    token = tokens.make(reminder_key, now=issued)
    assert tokens.read(token, now=issued + tokens.MAX_AGE) == reminder_key
    with pytest.raises(tokens.TokenError) as error:
        tokens.read(token, now=issued + tokens.MAX_AGE + timedelta(seconds=1))
    assert error.value.expired


def test_a_holder_address_added_later_gets_the_first_reminder():
    initiative = fiche(contacts=[])
    assert reminders_send(now=DUE).queued == 1
    Initiative.objects.filter(pk=initiative.pk).update(
        contacts=[holder("nouvelle@horizon.example")]
    )
    assert reminders_send(now=DUE + timedelta(days=1)).sent == 1
    assert mail.outbox[0].to == ["nouvelle@horizon.example"]
    assert not selectors.to_check(DUE + timedelta(days=2)).exists()


def test_project_ended_on_a_fiche_that_cannot_be_saved_records_nothing(client, monkeypatch):
    from django.core.exceptions import ValidationError

    from cahier.reminders import services

    def refuse(**kwargs):
        raise ValidationError({"title": "Titre trop long."})

    monkeypatch.setattr(services, "initiative_save", refuse)
    initiative, path = _sent_link(client)
    response = client.post(path, {"answer": Answer.ENDED})
    assert response.status_code == 409
    assert "n’a pas pu être enregistrée" in response.content.decode()
    assert not Reminder.objects.get(initiative=initiative).answered
    assert client.post(path, {"answer": Answer.CURRENT}).status_code == 200  # link still works

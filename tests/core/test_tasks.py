"""Background tasks: the scheduled commands' `--enqueue` path, run by `cahier worker` from the
database queue or inline (CAHIER_TASKS_INLINE, the suite's default)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from cahier.links.models import LinkCheck
from cahier.reminders.models import Reminder
from tests.catalogue.factories import InitiativeFactory
from tests.reminders.test_reminders import DUE, fiche

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.postgres
def test_reminders_enqueued_then_sent_once_by_the_worker(task_queue):
    fiche()
    said = command("reminders", "send", "--enqueue", "--now", DUE.isoformat())
    assert "mise en file" in said and "cahier worker" in said
    assert not mail.outbox  # nothing sent by the command itself
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.task_path.endswith("reminders_send_task")
    [done] = task_queue()
    assert done.status == "SUCCESSFUL" and done.return_value["sent"] == 1
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 1
    # Enqueued again for the same day: the worker runs it, nobody gets a second e-mail.
    command("reminders", "send", "--enqueue", "--now", (DUE + timedelta(hours=1)).isoformat())
    assert [result.status for result in task_queue()] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert len(mail.outbox) == 1


def test_reminders_enqueued_inline_are_sent_at_once():
    fiche()
    said = command("reminders", "send", "--enqueue", "--now", DUE.isoformat())
    assert "faite sur place" in said
    assert len(mail.outbox) == 1


def test_link_check_enqueued_then_stored_by_the_worker(task_queue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    initiative = InitiativeFactory(resources=[{"title": "Guide", "url": "/media/perdu.pdf"}])
    with pytest.raises(CommandError, match="Aucune fiche publiée"):
        command("links", "check", "--enqueue", "--only", "absente")
    assert not DBTaskResult.objects.exists()
    command("links", "check", "--enqueue", "--only", initiative.slug)
    assert not LinkCheck.objects.exists()
    [done] = task_queue()
    assert done.status == "SUCCESSFUL" and done.return_value["fiches"] == 1
    assert LinkCheck.objects.get(url="/media/perdu.pdf").status == "broken"


def test_contact_tasks_enqueue(task_queue):
    assert "mise en file" in command("contacts", "remind", "--enqueue")
    assert "mise en file" in command("contacts", "purge", "--enqueue")
    results = task_queue()
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert {r.task_path.rsplit(".", 1)[1] for r in results} == {
        "contact_requests_remind_task",
        "contact_requests_purge_task",
    }


def test_a_failing_task_is_recorded_and_the_worker_goes_on(task_queue, monkeypatch):
    from cahier.reminders import tasks

    def broken(**kwargs):
        raise RuntimeError("serveur de courriel en panne")

    monkeypatch.setattr(tasks, "reminders_send", broken)
    command("reminders", "send", "--enqueue")
    command("contacts", "purge", "--enqueue")
    failed, done = task_queue()
    assert failed.status == "FAILED" and "serveur de courriel en panne" in failed.traceback
    assert done.status == "SUCCESSFUL"


def test_the_worker_refuses_to_start_when_tasks_run_inline():
    with pytest.raises(CommandError, match="en ligne"):
        call_command("worker", "--batch")

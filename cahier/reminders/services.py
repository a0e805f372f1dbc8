"""Writes of the reminders: `reminders_send` (the command) and `reminder_answer` (the page of
the signed link). Like cahier/alerts/sending.py, each e-mail is recorded (and committed)
**before** it leaves: a crash in between loses that e-mail rather than sending it twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.services import InitiativeData, initiative_verify
from cahier.contributions.enums import UpdateSource
from cahier.contributions.models import UpdateProposal
from cahier.contributions.services import initiative_save, update_proposal_create

from . import emails, selectors
from .enums import Answer
from .models import Reminder

logger = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    queued: int = 0  # reminders created with no one to write to


def _locked(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset  # SQLite: the transaction holds the write lock


def reminder_prepare(*, initiative, start: datetime, now: datetime, report: SendReport):
    """Record the e-mail due for *initiative*'s period starting at *start* (the first, or the
    second 15 days later) and commit. Returns the reminder to send, or None (answered, both
    sent, not yet time, or no one to write to: then the fiche goes to the curators)."""
    with transaction.atomic(durable=True):
        reminder, created = Reminder.objects.get_or_create(
            initiative=initiative,
            period_start=start,
            defaults={"due_at": now, "recipients": selectors.recipients(initiative)},
        )
        if created:
            if not reminder.recipients:
                report.queued += 1
                return None
            reminder.first_sent_at = now
            reminder.save(update_fields=["first_sent_at"])
            return reminder
        reminder = _locked(Reminder.objects.filter(pk=reminder.pk)).first()
        if reminder is not None and reminder.first_sent_at is None and not reminder.answered:
            # No one to write to until now: a holder's address added since gets the first.
            reminder.recipients = selectors.recipients(initiative)
            if not reminder.recipients:
                return None
            reminder.first_sent_at = now
            reminder.save(update_fields=["recipients", "first_sent_at"])
            return reminder
        if (
            reminder is None
            or reminder.answered
            or reminder.first_sent_at is None
            or reminder.second_sent_at is not None
            or now < reminder.first_sent_at + selectors.SECOND_AFTER
        ):
            return None
        reminder.second_sent_at = now
        reminder.save(update_fields=["second_sent_at"])
        return reminder


def reminder_deliver(*, reminder: Reminder, now: datetime, report: SendReport) -> bool:
    message = emails.reminder(reminder, now=now)
    try:
        message.send()
    except OSError:  # smtplib.SMTPException and connection errors: not retried (recorded)
        logger.exception("Rappel de mise à jour non envoyé (rappel %s)", reminder.pk)
        report.failed += 1
        return False
    report.sent += 1
    return True


def reminders_send(*, now: datetime | None = None) -> SendReport:
    """One pass (`cahier reminders send`): every due fiche gets its first reminder, or its
    second 15 days later; never twice. Safe to run again."""
    now = now or timezone.now()
    report = SendReport()
    for initiative, start in selectors.due_initiatives(now):
        reminder = reminder_prepare(initiative=initiative, start=start, now=now, report=report)
        if reminder is not None:
            reminder_deliver(reminder=reminder, now=now, report=report)
    return report


ENDED_COMMENT = "Projet signalé terminé par son porteur (lien du rappel de mise à jour)"


def reminder_answer(*, reminder: Reminder, answer: str, now: datetime | None = None) -> bool:
    """Record the holder's *answer* (Answer value) once: « toujours d'actualité » dates the
    fiche as verified, « terminé » sets its project status through the contributions (a
    revision and a journal entry); « à mettre à jour » is answered by sending the update form
    (reminder_update_propose). False when the reminder was already answered: nothing done."""
    answer = Answer(answer)
    if answer == Answer.UPDATE:
        raise ValueError("« À mettre à jour » is answered by reminder_update_propose.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Reminder.objects.select_for_update().select_related("initiative")
        reminder = locked.get(pk=reminder.pk)
        if reminder.answered or answer == Answer.NONE:
            return False
        initiative = reminder.initiative
        if answer == Answer.CURRENT:
            initiative_verify(initiative=initiative, at=now)
        elif answer == Answer.ENDED and initiative.project_status != ProjectStatus.ENDED:
            data = replace(
                InitiativeData.from_initiative(initiative), project_status=ProjectStatus.ENDED
            )
            initiative_save(
                data=data,
                actor=None,
                initiative=initiative,
                expected_version=initiative.version,
                comment=ENDED_COMMENT,
            )
        Reminder.objects.filter(pk=reminder.pk).update(answer=answer, answered_at=now)
    return True


def reminder_update_propose(
    *,
    reminder: Reminder,
    data: InitiativeData,
    base_version: int,
    proposer_email: str,
    proposer_name: str = "",
    note: str = "",
    now: datetime | None = None,
) -> UpdateProposal | None:
    """« À mettre à jour »: the form sent through the signed link becomes a proposed update
    for the curators (the published fiche is unchanged until one accepts), and the reminder
    is answered, in one transaction. None when the reminder was already answered."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Reminder.objects.select_for_update().select_related("initiative")
        reminder = locked.get(pk=reminder.pk)
        if reminder.answered:
            return None
        proposal = update_proposal_create(
            initiative=reminder.initiative,
            data=data,
            base_version=base_version,
            source=UpdateSource.REMINDER,
            proposer_email=proposer_email,
            proposer_name=proposer_name,
            note=note,
        )
        Reminder.objects.filter(pk=reminder.pk).update(answer=Answer.UPDATE, answered_at=now)
    return proposal

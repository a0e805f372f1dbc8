"""The reminder e-mail, in French, plain text, with the signed link of the answer page."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .models import Reminder


def answer_url(reminder: Reminder, *, now: datetime | None = None) -> str:
    token = tokens.make(reminder.key, now=now)
    return settings.CAHIER_BASE_URL + reverse("reminders:answer", kwargs={"token": token})


def reminder(reminder: Reminder, *, now: datetime | None = None) -> EmailMessage:
    initiative = reminder.initiative
    context = {
        "initiative": initiative,
        "second": reminder.second_sent_at is not None,
        "answer_url": answer_url(reminder, now=now),
        "fiche_url": settings.CAHIER_BASE_URL + initiative.get_absolute_url(),
        "months": initiative.check_interval_months,
        "days": tokens.MAX_AGE.days,
        "site_name": settings.CAHIER_SITE_NAME,
    }
    body = render_to_string("reminders/emails/reminder.txt", context)
    subject = "Votre fiche est-elle toujours d’actualité\u202f?"
    if context["second"]:
        subject = "Relance\u00a0: " + subject[0].lower() + subject[1:]
    return EmailMessage(
        f"[{settings.CAHIER_SITE_NAME}] {subject}",
        body,
        to=reminder.recipients,
        headers={"Auto-Submitted": "auto-generated"},
    )

"""The e-mails of a contact request. One message per recipient: each sees their own address
only, never another party's; Reply-To is the requester, so that answering writes to them. The
requester's copy names the recipients by role and organisation, without their addresses.
Sent when the transaction commits (contributions.notifications.send_on_commit)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from cahier.contributions.notifications import send_on_commit

from . import tokens
from .selectors import Recipient


def _context(contact_request, **extra) -> dict:
    initiative = contact_request.initiative
    return {
        "contact": contact_request,
        "initiative": initiative,
        "fiche_url": settings.CAHIER_BASE_URL + initiative.get_absolute_url(),
        "site_name": settings.CAHIER_SITE_NAME,
        "base_url": settings.CAHIER_BASE_URL,
        **extra,
    }


def _answer_url(contact_request) -> str:
    token = tokens.answer_token(contact_request.pk)
    return settings.CAHIER_BASE_URL + reverse("contacts:answered", kwargs={"token": token})


def _to_recipient(contact_request, recipient: Recipient, others, template, subject) -> None:
    body = render_to_string(
        template,
        _context(
            contact_request,
            recipient=recipient,
            others=[other.label for other in others if other != recipient],
            answer_url=_answer_url(contact_request),
        ),
    )
    message = EmailMessage(subject, body, to=[recipient.email], reply_to=[contact_request.email])
    send_on_commit(
        message, f"Demande de contact {contact_request.pk} non envoyée à un destinataire"
    )


def request_sent(contact_request, recipients: list[Recipient]) -> None:
    title = contact_request.initiative.title
    subject = f"[{settings.CAHIER_SITE_NAME}] Demande de contact au sujet de « {title} »"
    for recipient in recipients:
        _to_recipient(
            contact_request, recipient, recipients, "contacts/emails/request.txt", subject
        )
    body = render_to_string(
        "contacts/emails/copy.txt",
        _context(contact_request, recipients=[recipient.label for recipient in recipients]),
    )
    send_on_commit(
        EmailMessage(
            f"[{settings.CAHIER_SITE_NAME}] Votre demande au sujet de « {title} »",
            body,
            to=[contact_request.email],
        ),
        f"Copie de la demande de contact {contact_request.pk} non envoyée",
    )


def reminder(contact_request, recipients: list[Recipient]) -> None:
    title = contact_request.initiative.title
    subject = f"[{settings.CAHIER_SITE_NAME}] Relance : demande de contact au sujet de « {title} »"
    for recipient in recipients:
        _to_recipient(
            contact_request, recipient, recipients, "contacts/emails/reminder.txt", subject
        )

"""The only code that writes contact requests and the regions' referents. Mail goes out when
the transaction commits (contributions.notifications.send_on_commit), never twice: a request
is made once per form (its one-time key), a reminder once per request (a conditional update
decides who sends it)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from cahier.catalogue.models import Initiative, Region
from cahier.catalogue.structured import is_legacy_state_mailbox
from cahier.contributions.audit import audit_log
from cahier.contributions.enums import AuditAction
from cahier.core import limits
from cahier.core.cleaning import clean_line, clean_text

from . import notifications, selectors
from .enums import AnsweredBy, RequestStatus
from .models import ContactRequest

# A fiche receiving more requests than this within the window is being spammed: the next
# ones are refused (with a clear message) until the window passes.
BURST_LIMIT = 5
BURST_WINDOW = timedelta(minutes=10)
# Life of a request: a reminder after 15 days without answer, « sans réponse » 15 days
# after the reminder, personal data erased after 12 months.
REMIND_AFTER = timedelta(days=15)
CLOSE_AFTER = timedelta(days=15)
RETENTION = timedelta(days=365)
ANSWERABLE = (RequestStatus.SENT, RequestStatus.UNANSWERED, RequestStatus.NO_RECIPIENT)
INVALID_EMAIL = "L’adresse électronique « {} » n’est pas valide (exemple : prenom.nom@exemple.fr)."


class ContactRefused(Exception):
    """The request is refused as a whole (a burst on the fiche); the message says why."""


@dataclass
class Requester:
    """What the reader typed in the form (cleaned by `contact_request_send`)."""

    name: str
    organisation: str
    territory: str
    email: str
    message: str


def _clean(requester: Requester) -> dict:
    values = {
        "name": clean_line(requester.name),
        "organisation": clean_line(requester.organisation),
        "territory": clean_line(requester.territory),
        "email": requester.email.strip(),
        "message": clean_text(requester.message).strip(),
    }
    limits.check(values, limits.CONTACT)
    errors = {}
    try:
        validate_email(values["email"])
    except ValidationError:
        errors["email"] = INVALID_EMAIL.format(values["email"])
    if not values["name"]:
        errors["name"] = "Indiquez votre nom."
    if not values["message"]:
        errors["message"] = "Écrivez votre message."
    if errors:
        raise ValidationError(errors)
    return values


def contact_request_send(
    *, initiative: Initiative, requester: Requester, key: str, now: datetime | None = None
) -> tuple[ContactRequest, bool]:
    """Store the request and mail it (on commit) to each recipient separately, Reply-To the
    requester, and a copy to the requester. Returns (request, created): a key already used
    returns its request and sends nothing. ValidationError on bad input, ContactRefused on
    a burst; nothing is stored or sent then."""
    existing = ContactRequest.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    values = _clean(requester)
    now = now or timezone.now()
    recent = ContactRequest.objects.filter(
        initiative=initiative, created_at__gte=now - BURST_WINDOW
    ).count()
    if recent >= BURST_LIMIT:
        raise ContactRefused(
            "Cette fiche vient de recevoir de nombreuses demandes : la vôtre n’a pas été "
            "envoyée. Réessayez dans quelques minutes ; votre texte est gardé ci-dessous."
        )
    recipients = selectors.recipients_for(initiative)
    status = RequestStatus.SENT if recipients else RequestStatus.NO_RECIPIENT
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                initiative=initiative,
                status=status,
                recipients=[recipient.summary() for recipient in recipients],
                idempotency_key=key,
                created_at=now,
                **values,
            )
            notifications.request_sent(request, recipients)
    except IntegrityError:  # the same form sent twice at the same moment: the other one won
        return ContactRequest.objects.get(idempotency_key=key), False
    return request, True


def contact_request_answer(
    *, contact_request: ContactRequest, by: str, actor=None, now: datetime | None = None
) -> bool:
    """Mark the request answered (by a recipient's link, or by a curator: *actor*, audited).
    False when it already was: a link works once."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = ContactRequest.objects.filter(
            pk=contact_request.pk, status__in=ANSWERABLE
        ).update(
            status=RequestStatus.ANSWERED,
            answered_at=now,
            answered_by=AnsweredBy(by),
            answered_by_user=actor if by == AnsweredBy.CURATOR else None,
        )
        if updated and actor is not None:
            audit_log(
                action=AuditAction.CONTACT_ANSWERED,
                actor=actor,
                initiative=contact_request.initiative,
                contact_request=contact_request.pk,
            )
    contact_request.refresh_from_db()
    return bool(updated)


def contact_requests_remind(*, now: datetime | None = None) -> dict[str, int]:
    """`cahier contacts remind`: one reminder to the holders of each request left without
    answer REMIND_AFTER; « sans réponse » CLOSE_AFTER the reminder. Idempotent: running it
    again the same day sends and changes nothing."""
    now = now or timezone.now()
    reminded = 0
    due = ContactRequest.objects.filter(
        status=RequestStatus.SENT, reminded_at__isnull=True, created_at__lte=now - REMIND_AFTER
    ).select_related("initiative__region")
    for contact_request in due:
        with transaction.atomic():
            claimed = ContactRequest.objects.filter(
                pk=contact_request.pk, status=RequestStatus.SENT, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                recipients = selectors.holders_first(
                    selectors.recipients_for(contact_request.initiative)
                )
                notifications.reminder(contact_request, recipients)
                reminded += 1
    closed = ContactRequest.objects.filter(
        status=RequestStatus.SENT, reminded_at__lte=now - CLOSE_AFTER
    ).update(status=RequestStatus.UNANSWERED, closed_at=now)
    return {"reminded": reminded, "closed": closed}


def contact_requests_purge(*, now: datetime | None = None) -> int:
    """`cahier contacts purge`: erase the personal data of requests older than RETENTION
    (name, organisation, e-mail, message); dates, status, territory and recipients' roles
    stay for statistics. Idempotent. Returns the number of requests anonymised."""
    now = now or timezone.now()
    return (
        ContactRequest.objects.personal()
        .filter(created_at__lte=now - RETENTION)
        .update(name="", organisation="", email="", message="", anonymised_at=now)
    )


def region_referent_set(
    *, region: Region, organisation: str, service: str, email: str, actor
) -> bool:
    """Set the referent requests about *region*'s fiches go to while a fiche has no current
    referent of its own; audited. False when nothing changed. ValidationError on a bad or
    2019 DIRECCTE/DIECCTE address."""
    values = {
        "organisation": clean_line(organisation),
        "service": clean_line(service),
        "email": email.strip().lower(),
    }
    limits.check(values, limits.REFERENT)
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise ValidationError({"email": INVALID_EMAIL.format(values["email"])}) from None
        if is_legacy_state_mailbox(values["email"]):
            raise ValidationError(
                {
                    "email": f"« {values['email']} » est une adresse DIRECCTE/DIECCTE de 2019, "
                    "fermée depuis 2021 : indiquez l’adresse actuelle (DREETS/DEETS)."
                }
            )
    current = {
        "organisation": region.referent_organisation,
        "service": region.referent_service,
        "email": region.referent_email,
    }
    if current == values:
        return False
    with transaction.atomic():
        region.referent_organisation = values["organisation"]
        region.referent_service = values["service"]
        region.referent_email = values["email"]
        region.save(update_fields=["referent_organisation", "referent_service", "referent_email"])
        audit_log(
            action=AuditAction.REGION_REFERENT_SET,
            actor=actor,
            region=region.slug,
            previous=current,
            **values,
        )
    return True

"""Writes of the alerts (subscriptions); the digests are written by sending.py. Nothing is
e-mailed before the transaction commits (`send_on_commit`), and nothing but the confirmation
request goes to an address before its owner confirmed it (double opt-in)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from cahier.contributions.notifications import send_on_commit
from cahier.core import limits

from . import emails
from .enums import Frequency, SubscriptionStatus
from .models import Subscription
from .searches import AlertQuery
from .tokens import CONFIRM_MAX_AGE

# How many searches one address may follow (a size limit: each is a digest to compute).
MAX_PER_EMAIL = 20

CREATED, PENDING_AGAIN, ALREADY = "created", "pending_again", "already"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _validate(*, email: str, query: AlertQuery, frequency: str) -> None:
    errors = {}
    for name, value in (("email", email), ("query", query.text)):
        message = limits.problem(value, limits.ALERT[name])
        if message:
            errors[name] = message
    if "email" not in errors:
        if not email:
            errors["email"] = "Indiquez votre adresse électronique."
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = (
                    f"« {email} » n’est pas une adresse électronique valide "
                    "(attendu : nom@domaine.fr)."
                )
    if frequency not in Frequency.values:
        errors["frequency"] = "Choisissez une fréquence : immédiate, hebdomadaire ou mensuelle."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subscription_request(
    *, email: str, query: AlertQuery, frequency: str, now: datetime | None = None
) -> tuple[Subscription, str]:
    """Ask for an alert: a pending subscription and a confirmation e-mail. The same address
    and search again do not make a second one: a pending request gets a new confirmation
    (with the frequency now chosen), a confirmed one an e-mail pointing to its manage page
    (nothing changes without its owner). Returns the subscription and what happened
    (CREATED, PENDING_AGAIN, ALREADY); the page says the same thing in every case."""
    now = now or timezone.now()
    email = normalise_email(email)
    _validate(email=email, query=query, frequency=frequency)
    existing = Subscription.objects.select_for_update().filter(email=email, query=query.text)
    subscription = existing.first()
    if subscription is None:
        if Subscription.objects.filter(email=email).count() >= MAX_PER_EMAIL:
            raise ValidationError(
                {
                    "email": f"Cette adresse suit déjà {MAX_PER_EMAIL} recherches : supprimez-en "
                    "une (lien « Gérer » de chaque courriel) avant d’en ajouter une autre."
                }
            )
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email, query=query.text, frequency=frequency, created_at=now
                )
        except IntegrityError:  # the same request, posted twice at once
            subscription = existing.get()
            outcome = PENDING_AGAIN if not subscription.confirmed else ALREADY
        else:
            outcome = CREATED
    elif subscription.confirmed:
        outcome = ALREADY
    else:
        subscription.frequency = frequency
        subscription.created_at = now
        subscription.save(update_fields=["frequency", "created_at"])
        outcome = PENDING_AGAIN
    if outcome == ALREADY:
        message = emails.already_subscribed(subscription, query, now=now)
    else:
        message = emails.confirmation(subscription, query, now=now)
    send_on_commit(message, f"Courriel d’alerte non envoyé (abonnement {subscription.pk})")
    return subscription, outcome


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, now: datetime | None = None) -> bool:
    """Confirm: from now on, fiches published after *now* are new for it. False when it was
    already confirmed (a second click changes nothing)."""
    now = now or timezone.now()
    current = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if current.confirmed:
        return False
    current.status = SubscriptionStatus.CONFIRMED
    current.confirmed_at = current.watermark = current.period_start = now
    current.save(update_fields=["status", "confirmed_at", "watermark", "period_start"])
    subscription.refresh_from_db()
    return True


def subscription_set_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    if frequency not in Frequency.values:
        raise ValidationError(
            {"frequency": "Choisissez une fréquence : immédiate, hebdomadaire ou mensuelle."}
        )
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])
    return subscription


def subscription_delete(*, subscription: Subscription) -> bool:
    """Unsubscribe: the subscription and what was sent to it are deleted (no address is kept).
    False when it was already gone."""
    deleted, _ = Subscription.objects.filter(pk=subscription.pk).delete()
    return bool(deleted)


def subscriptions_purge_pending(*, now: datetime | None = None) -> int:
    """Delete the requests never confirmed whose link has expired: their address goes."""
    now = now or timezone.now()
    stale = Subscription.objects.filter(
        status=SubscriptionStatus.PENDING, created_at__lt=now - CONFIRM_MAX_AGE
    )
    return stale.delete()[1].get(Subscription._meta.label, 0)

"""`cahier alerts send`: one digest per confirmed subscription and due period, never twice.

For each subscription, in its own short transaction: lock its row (PostgreSQL: `SELECT … FOR
UPDATE SKIP LOCKED`, a second sender skips it; SQLite: the transaction takes the database's
write lock at BEGIN IMMEDIATE, a second sender waits its turn), check the period is due, find
the published fiches its search finds that are new (published after its watermark, never
announced to it: `Delivery` is unique per subscription and fiche), record the digest and its
fiches, move the watermark, commit (a durable transaction); only then send, and mark the
digest sent.

The record is written **before** the e-mail leaves: a crash between the commit and the mail
server loses that digest (its fiches are not announced again) rather than sending it twice;
such a digest stays « préparée » and the command reports it. A digest the mail server refused
(an error, nothing sent) is marked « échec » and sent again by the next run, up to
MAX_ATTEMPTS. See docs/essaimage.md."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import emails
from .enums import DigestStatus, Frequency, SubscriptionStatus
from .models import Delivery, Digest, Subscription
from .searches import AlertQuery, parse

logger = logging.getLogger(__name__)

WEEK = timedelta(days=7)
# Fiches published shortly before the watermark whose transaction committed after the last
# run had read (published_at is set before the commit): looked at again, the deliveries
# keep them from being announced twice.
OVERLAP = timedelta(hours=1)
MAX_ATTEMPTS = 5
# A digest still « préparée » after this long was interrupted (crash between commit and send).
STALE = timedelta(minutes=30)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    fiches: int = 0
    purged: int = 0
    interrupted: list[int] = field(default_factory=list)
    broken: list[int] = field(default_factory=list)
    # Stored query → AlertQuery, read once per run (many subscriptions share a search).
    queries: dict = field(default_factory=dict, repr=False)


def _month(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, local.month


def due(subscription: Subscription, now: datetime) -> bool:
    """Immediate: every run; weekly: 7 days after the period began (confirmation or last
    digest); monthly: in a later calendar month (Europe/Paris) than the period began."""
    if not subscription.confirmed:
        return False
    start = subscription.period_start or subscription.confirmed_at
    if subscription.frequency == Frequency.IMMEDIATE or start is None:
        return True
    if subscription.frequency == Frequency.WEEKLY:
        return now >= start + WEEK
    return _month(now) > _month(start)


def _month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def due_ids(now: datetime) -> list[int]:
    """Confirmed subscriptions whose period may be due (checked again under the lock)."""
    due_now = (
        Q(frequency=Frequency.IMMEDIATE)
        | Q(frequency=Frequency.WEEKLY, period_start__lte=now - WEEK)
        | Q(frequency=Frequency.MONTHLY, period_start__lt=_month_start(now))
    )
    return list(
        Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED)
        .filter(due_now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def new_initiatives(subscription: Subscription, query: AlertQuery, now: datetime):
    """Published fiches *query* finds, first published after the subscription's watermark (and
    its confirmation) and not yet announced to it, oldest first. Updated fiches do not count:
    an alert announces new initiatives (docs/essaimage.md)."""
    watermark = subscription.watermark or subscription.confirmed_at
    after = max(subscription.confirmed_at, watermark - OVERLAP)
    return (
        query.initiatives()
        .filter(published_at__gt=after, published_at__lte=now)
        .exclude(alert_deliveries__subscription=subscription)
        .select_related("region")
        .order_by("published_at", "pk")
    )


def _locked(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset  # SQLite: BEGIN IMMEDIATE already holds the write lock


def digest_prepare(*, subscription_id: int, now: datetime, report: SendReport) -> int | None:
    """Record the digest due to one subscription and commit (a durable transaction: never
    inside another, so that the record is committed when this returns). Returns the digest's
    id, None when not due, nothing new, or another sender holds the subscription."""
    with transaction.atomic(durable=True):
        subscription = _locked(Subscription.objects.filter(pk=subscription_id)).first()
        if subscription is None or not due(subscription, now):
            return None
        query = parse(subscription.query, report.queries)
        if query is None:  # a filter value that no longer exists: nothing can match
            report.broken.append(subscription.pk)
            return None
        initiatives = list(new_initiatives(subscription, query, now))
        subscription.watermark = now
        fields = ["watermark"]
        digest = None
        if initiatives:
            digest = Digest.objects.create(subscription=subscription, prepared_at=now)
            Delivery.objects.bulk_create(
                Delivery(subscription=subscription, digest=digest, initiative=initiative)
                for initiative in initiatives
            )
            subscription.period_start = now
            fields.append("period_start")
            report.fiches += len(initiatives)
        subscription.save(update_fields=fields)
    return digest.pk if digest is not None else None


def digest_deliver(*, digest_id: int, now: datetime, report: SendReport) -> bool:
    """Send a recorded digest (its fiches as recorded) and mark it sent, or « échec » when the
    mail server refuses it (retried by the next run)."""
    digest = Digest.objects.select_related("subscription").get(pk=digest_id)
    subscription = digest.subscription
    initiatives = [
        delivery.initiative
        for delivery in digest.deliveries.select_related("initiative__region").order_by(
            "initiative__published_at", "initiative__pk"
        )
    ]
    if not initiatives:  # every fiche of it deleted since (a retry): nothing left to say
        Digest.objects.filter(pk=digest_id).delete()
        return False
    query = parse(subscription.query, report.queries)
    message = emails.digest(subscription, query, initiatives, now=now)
    Digest.objects.filter(pk=digest_id).update(attempts=F("attempts") + 1)
    try:
        message.send()
    except OSError:  # smtplib.SMTPException and connection errors
        logger.exception("Alerte non envoyée (courriel %s)", digest_id)
        Digest.objects.filter(pk=digest_id).update(status=DigestStatus.FAILED)
        report.failed += 1
        return False
    Digest.objects.filter(pk=digest_id).update(status=DigestStatus.SENT, sent_at=now)
    report.sent += 1
    return True


def _retry_failed(now: datetime, report: SendReport) -> None:
    """Claim each failed digest (back to « préparée »: one UPDATE that a concurrent sender's
    finds already done) and send it again."""
    failed = Digest.objects.filter(status=DigestStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
    for digest_id in failed.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic(durable=True):
            claimed = Digest.objects.filter(pk=digest_id, status=DigestStatus.FAILED).update(
                status=DigestStatus.PREPARED
            )
        if claimed:  # committed: send
            digest_deliver(digest_id=digest_id, now=now, report=report)


def alerts_send(*, now: datetime | None = None) -> SendReport:
    """One pass of the sender (`cahier alerts send`): expired requests purged, refused digests
    retried, then every due subscription. Safe to run again, and twice at once."""
    from .services import subscriptions_purge_pending

    now = now or timezone.now()
    report = SendReport()
    report.purged = subscriptions_purge_pending(now=now)
    _retry_failed(now, report)
    for subscription_id in due_ids(now):
        digest_id = digest_prepare(subscription_id=subscription_id, now=now, report=report)
        if digest_id is not None:  # recorded and committed: now send
            digest_deliver(digest_id=digest_id, now=now, report=report)
    report.interrupted = list(
        Digest.objects.filter(
            status=DigestStatus.PREPARED, prepared_at__lt=now - STALE
        ).values_list("pk", flat=True)
    )
    return report

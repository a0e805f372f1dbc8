"""Reads of the reminders: which fiches are due, who to write to, the curators' queue."""

from datetime import datetime, timedelta

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from cahier.catalogue.enums import ContactRole, ProjectStatus, PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.structured import is_legacy_state_mailbox

from .enums import Answer
from .models import Reminder

SECOND_AFTER = timedelta(days=15)  # the second reminder, 15 days after the first
QUEUE_AFTER = timedelta(days=30)  # no answer 30 days after the second: « À vérifier »


def due_initiatives(now: datetime):
    """Published fiches of projects not ended whose own check interval has run out at *now*
    (`Initiative.check_overdue`, the one rule), with the start of their period."""
    published = (
        Initiative.objects.filter(status=PublicationStatus.PUBLISHED, published_at__isnull=False)
        .exclude(project_status=ProjectStatus.ENDED)
        .order_by("pk")
    )
    for initiative in published.iterator():
        if initiative.check_overdue(now):
            yield initiative, initiative.check_period_start


def recipients(initiative: Initiative) -> list[str]:
    """The holder's addresses of *initiative* (structured contacts, role porteur), without the
    2019 DIRECCTE/DIECCTE mailboxes (nothing is sent to them) nor duplicates."""
    found = []
    for contact in initiative.contacts or []:
        email = (contact.get("email") or "").strip().lower()
        if contact.get("role") != ContactRole.HOLDER or not email:
            continue
        if is_legacy_state_mailbox(email) or email in found:
            continue
        found.append(email)
    return found


def _current(queryset):
    """Reminders of the fiche's current period (a verification since starts a new one): its
    start is `Initiative.check_period_start`, here in SQL."""
    return queryset.filter(
        period_start=Coalesce(F("initiative__verified_at"), F("initiative__published_at")),
        initiative__status=PublicationStatus.PUBLISHED,
    )


def to_check(now: datetime):
    """The queue « À vérifier »: unanswered reminders of the current period with no one to
    write to (nothing ever sent: the first e-mail is recorded with the reminder), or whose
    second e-mail is 30 days old."""
    return (
        _current(Reminder.objects.filter(answer=Answer.NONE))
        .filter(Q(first_sent_at__isnull=True) | Q(second_sent_at__lte=now - QUEUE_AFTER))
        .select_related("initiative")
        .order_by("due_at", "pk")
    )


def pending(now: datetime):
    """Unanswered reminders of the current period not yet in the queue."""
    queued = to_check(now).values("pk")
    return (
        _current(Reminder.objects.filter(answer=Answer.NONE))
        .exclude(pk__in=queued)
        .select_related("initiative")
        .order_by("due_at", "pk")
    )


def history(initiative_ids):
    """Every reminder of these fiches, newest period first, by fiche."""
    by_fiche: dict[int, list[Reminder]] = {}
    for reminder in Reminder.objects.filter(initiative_id__in=initiative_ids).order_by(
        "-period_start"
    ):
        by_fiche.setdefault(reminder.initiative_id, []).append(reminder)
    return by_fiche

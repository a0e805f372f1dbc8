"""Background tasks of the reminders (`cahier worker` runs them; docs/living-catalogue.md)."""

import logging
from dataclasses import asdict
from datetime import datetime

from django_tasks import task

from .services import reminders_send

logger = logging.getLogger(__name__)


@task()
def reminders_send_task(now: str | None = None) -> dict:
    """`cahier reminders send --enqueue`: one pass of `reminders_send`, safe to run twice (a
    reminder is recorded before its e-mail leaves). *now*: ISO 8601, as a task's arguments are
    JSON. Returns the counts, kept with the task's result."""
    report = reminders_send(now=datetime.fromisoformat(now) if now else None)
    logger.info("Rappels de mise à jour : %s", asdict(report))
    return asdict(report)

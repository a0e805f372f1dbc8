"""Background task of the link checker (`cahier worker` runs it; docs/living-catalogue.md)."""

import logging

from django_tasks import task

from cahier.catalogue.models import Initiative

from .services import links_check

logger = logging.getLogger(__name__)


@task()
def links_check_task(
    slugs: list[str] | None = None,
    timeout: float | None = None,
    concurrency: int | None = None,
) -> dict:
    """`cahier links check --enqueue`: the same check as the command (every published fiche,
    or those named by *slugs*). Returns the counts, kept with the task's result."""
    initiatives = None
    if slugs:
        initiatives = list(Initiative.objects.published().filter(slug__in=slugs))
    report = links_check(initiatives=initiatives, timeout=timeout, concurrency=concurrency)
    counts = {
        "fiches": report.fiches,
        "links": report.links,
        "problems": report.problems,
        "statuses": {str(status): count for status, count in report.statuses.items()},
    }
    logger.info("Vérification des liens : %s", counts)
    return counts

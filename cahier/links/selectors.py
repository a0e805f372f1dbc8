"""Reads of the link checks: the curators' queue « Liens cassés » and, per fiche, the links
that do not answer (one criterion of the quality score, issue 11: « des liens qui répondent »).

Only the links a fiche still has count: a link replaced since the last check is not reported
(its row goes at the next check)."""

from django.db.models import Prefetch, QuerySet

from cahier.catalogue.models import Initiative

from .collect import initiative_links
from .enums import PROBLEMS
from .models import LinkCheck


def _current(rows, initiative: Initiative) -> list[LinkCheck]:
    present = {(link.field, link.url) for link in initiative_links(initiative)}
    return [row for row in rows if (row.field, row.url) in present]


def with_failed_link_checks(queryset: QuerySet) -> QuerySet:
    """*queryset* with the failed link checks prefetched (one query for the whole list), read
    by `initiative_link_problems` instead of one query per fiche."""
    return queryset.prefetch_related(
        Prefetch(
            "link_checks",
            queryset=LinkCheck.objects.filter(status__in=PROBLEMS).order_by("field", "url"),
            to_attr="failed_link_checks",
        )
    )


def initiative_link_problems(initiative: Initiative) -> list[LinkCheck]:
    """The links of *initiative* whose last check failed (broken, timeout, TLS, unreachable),
    in the order of the fiche's fields."""
    rows = getattr(initiative, "failed_link_checks", None)
    if rows is None:
        rows = initiative.link_checks.filter(status__in=PROBLEMS).order_by("field", "url")
    return _current(rows, initiative)


def broken_links_count(initiative: Initiative) -> int:
    return len(initiative_link_problems(initiative))


def link_problems(
    *, status: str = "", field: str = "", q: str = "", min_failures: int = 1
) -> list[LinkCheck]:
    """The failed links of the published fiches, sorted by fiche: the « Liens cassés » queue.
    *status* and *field* narrow to one value, *q* to fiches whose title contains it,
    *min_failures* to links that failed at least that many checks in a row."""
    rows = (
        LinkCheck.objects.filter(
            initiative__in=Initiative.objects.published(),
            status__in=[status] if status else PROBLEMS,
            consecutive_failures__gte=max(min_failures, 1),
        )
        .select_related("initiative", "initiative__region")
        .order_by("initiative__title", "initiative__pk", "field", "url")
    )
    if field:
        rows = rows.filter(field=field)
    if q:
        rows = rows.filter(initiative__title__icontains=q)
    found: list[LinkCheck] = []
    fiche_rows: dict[int, list[LinkCheck]] = {}
    for row in rows:
        fiche_rows.setdefault(row.initiative_id, []).append(row)
    for group in fiche_rows.values():
        found.extend(_current(group, group[0].initiative))
    return found

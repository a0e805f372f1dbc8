"""Readings of fiches, summed for the holders (« Mes initiatives », their fiche's page) and the
curators (a fiche's page, the most read fiches)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from cahier.catalogue.models import Initiative
from cahier.core.dates import add_months

from .models import FicheViews

RECENT_DAYS = 30
MONTHS_SHOWN = 12


def recent_since(today: date) -> date:
    """The first day of « sur 30 jours »: today and the 29 days before."""
    return today - timedelta(days=RECENT_DAYS - 1)


def year_since(today: date) -> date:
    """The first day of « sur 12 mois »: the day after the same date a year ago."""
    return add_months(datetime.combine(today, time()), -MONTHS_SHOWN).date() + timedelta(days=1)


def view_totals(initiative_ids: Iterable[int], *, today: date | None = None) -> dict[int, dict]:
    """{fiche id: {"recent": readings over 30 days, "total": all readings}}, one query; a
    fiche never read is absent."""
    since = recent_since(today or timezone.localdate())
    rows = (
        FicheViews.objects.filter(initiative_id__in=list(initiative_ids))
        .values("initiative_id")
        .annotate(total=Sum("views"), recent=Sum("views", filter=Q(day__gte=since)))
    )
    return {
        row["initiative_id"]: {"recent": row["recent"] or 0, "total": row["total"]} for row in rows
    }


@dataclass(frozen=True)
class Month:
    first_day: date
    views: int

    @property
    def label(self) -> str:
        return date_format(self.first_day, "F Y").capitalize()


def monthly_views(initiative_id: int, *, today: date | None = None) -> list[Month]:
    """The readings of one fiche for each of the last 12 calendar months, the current one
    (so far) first; months without a reading show 0."""
    today = today or timezone.localdate()
    this_month = datetime.combine(today.replace(day=1), time())
    firsts = [add_months(this_month, -back).date() for back in range(MONTHS_SHOWN)]
    rows = (
        FicheViews.objects.filter(initiative_id=initiative_id, day__gte=firsts[-1])
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(n=Sum("views"))
    )
    counts = {_as_date(row["month"]): row["n"] for row in rows}
    return [Month(first, counts.get(first, 0)) for first in firsts]


def _as_date(value) -> date:
    # TruncMonth of a DateField is a date on both databases; a datetime on some drivers.
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Ranked:
    initiative: Initiative
    views: int


def most_viewed(*, since: date, limit: int | None = None) -> list[Ranked]:
    """Fiches by readings since *since* (today included), most read first, title for ties."""
    rows = (
        FicheViews.objects.filter(day__gte=since)
        .values("initiative_id")
        .annotate(n=Sum("views"))
        .order_by("-n", "initiative_id")
    )
    if limit:
        rows = rows[:limit]
    counts = {row["initiative_id"]: row["n"] for row in rows}
    initiatives = (
        Initiative.objects.filter(pk__in=counts)
        .select_related("region")
        .only("pk", "slug", "title", "status", "region__name")
    )
    ranked = [Ranked(initiative, counts[initiative.pk]) for initiative in initiatives]
    ranked.sort(key=lambda r: (-r.views, r.initiative.title.casefold()))
    return ranked


def views_total(*, since: date | None = None) -> int:
    queryset = FicheViews.objects.all()
    if since:
        queryset = queryset.filter(day__gte=since)
    return queryset.aggregate(n=Sum("views"))["n"] or 0

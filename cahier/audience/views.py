"""The curators' page « Consultations »: the most read fiches over 30 days and over 12 months,
each with its CSV (every fiche read in the period)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from cahier.core import roles
from cahier.core.charts import Chart, Row, csv_response

from . import selectors

curator_required = roles.action_required(roles.Action.CURATE)
SHOWN = 20


@dataclass(frozen=True)
class Period:
    slug: str  # in the CSV's address and name
    title: str
    since: Callable[[date], date]  # today → the period's first day


PERIODS = {
    period.slug: period
    for period in (
        Period("30-jours", "Les fiches les plus consultées sur 30 jours", selectors.recent_since),
        Period("12-mois", "Les fiches les plus consultées sur 12 mois", selectors.year_since),
    )
}


@curator_required
def most_viewed(request):
    today = timezone.localdate()
    sections = []
    for period in PERIODS.values():
        since = period.since(today)
        sections.append(
            {
                "period": period,
                "since": since,
                "total": selectors.views_total(since=since),
                "ranked": selectors.most_viewed(since=since, limit=SHOWN),
            }
        )
    return render(
        request,
        "audience/curation/most_viewed.html",
        {"sections": sections, "today": today, "shown": SHOWN},
    )


@curator_required
def most_viewed_csv(request, period: str):
    chosen = PERIODS.get(period)
    if chosen is None:
        raise Http404("Période inconnue.")
    ranked = selectors.most_viewed(since=chosen.since(timezone.localdate()))
    chart = Chart(
        slug=f"consultations-{chosen.slug}",
        title=chosen.title,
        label_header="Fiche",
        count_header="Consultations",
        rows=[Row(r.initiative.title, r.views) for r in ranked],
    )
    return csv_response(chart)

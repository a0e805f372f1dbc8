"""`{% load audience %}`: readings of fiches in the holders' and curators' pages. Template tags,
so that the contributions app never imports this one (import contract)."""

from django import template

from cahier.catalogue.enums import PublicationStatus
from cahier.core.limits import number

from .. import selectors

register = template.Library()


@register.simple_tag
def view_totals(initiatives) -> dict:
    """`{% view_totals initiatives as views %}`: one query for the whole list."""
    return selectors.view_totals(initiative.pk for initiative in initiatives)


@register.filter
def views_summary(totals: dict, pk) -> str:
    """« 12 sur 30 jours, 240 au total », or « aucune »."""
    entry = totals.get(pk) if totals else None
    if not entry:
        return "aucune"
    return f"{number(entry['recent'])} sur 30 jours, {number(entry['total'])} au total"


@register.inclusion_tag("audience/includes/fiche_views.html")
def fiche_views(initiative) -> dict:
    """A fiche's readings: 30 days, total, and a table by month over 12 months."""
    months = selectors.monthly_views(initiative.pk)
    totals = selectors.view_totals([initiative.pk]).get(initiative.pk, {})
    return {
        "initiative": initiative,
        "months": months,
        "recent": totals.get("recent", 0),
        "total": totals.get("total", 0),
        "published": initiative.status == PublicationStatus.PUBLISHED,
    }

"""`{% load typography %}` then `{{ text|fr }}`: one line of text, escaped, with the French
typography of every rendered text (cahier.core.prose); `{{ day|date_fr }}` and
`{{ moment|datetime_fr }}`: « 1er décembre 2026 (à 9 h 05) » (cahier.core.dates)."""

from django import template

from cahier.core.dates import french_date, french_datetime
from cahier.core.limits import number
from cahier.core.prose import to_html

register = template.Library()


@register.filter(name="fr")
def fr(value):
    return to_html(None if value is None else str(value), inline=True)


@register.filter(name="date_fr")
def date_fr(value):
    return french_date(value) if value else ""


@register.filter(name="datetime_fr")
def datetime_fr(value):
    return french_datetime(value) if value else ""


@register.filter(name="number_fr")
def number_fr(value):
    """« 20 000 » (cahier.core.limits.number)."""
    return number(int(value or 0))

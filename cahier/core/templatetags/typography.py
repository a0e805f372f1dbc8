"""`{% load typography %}` then `{{ text|fr }}`: one line of text, escaped, with the French
typography of every rendered text (cahier.core.prose); `{{ day|date_fr }}` and
`{{ moment|datetime_fr }}`: « 1er décembre 2026 (à 9 h 05) » (cahier.core.dates);
`{{ n|count_fr:"une fiche" }}`: « Aucune fiche », « 1 fiche », « 3 fiches » (cahier.core.text)."""

from django import template

from cahier.core.dates import french_date, french_datetime
from cahier.core.limits import number
from cahier.core.prose import to_html
from cahier.core.text import count_fr as _count_fr

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


@register.filter(name="count_fr")
def count_fr(value, noun):
    """*noun* is « une fiche » or « un lien » (the article gives « Aucune »/« Aucun »), with
    « /plural » when adding « s » is not enough: « un lien cassé/liens cassés »."""
    article, _, words = noun.partition(" ")
    singular, _, plural = words.partition("/")
    return _count_fr(
        int(value or 0), singular, plural, none="Aucune" if article == "une" else "Aucun"
    )

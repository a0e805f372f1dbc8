"""`{% load typography %}` then `{{ text|fr }}`: one line of text, escaped, with the French
typography of every rendered text (cahier.core.prose); `{% label_fr label %}`: the
same for a label (a badge, a tag, a filter value), its glossary acronyms in a tooltip
(`acronyms`: the context processor catalogue.context_processors.acronyms); `{{ day|date_fr }}` and
`{{ moment|datetime_fr }}`: « 1er décembre 2026 (à 9 h 05) » (cahier.core.dates);
`{{ n|count_fr:"une fiche" }}`: « Aucune fiche », « 1 fiche », « 3 fiches » (cahier.core.text)."""

from django import template
from django.utils.html import format_html

from cahier.core.dates import french_date, french_datetime
from cahier.core.limits import number
from cahier.core.prose import Medium, to_html
from cahier.core.text import count_fr as _count_fr

register = template.Library()


@register.filter(name="fr")
def fr(value):
    return to_html(None if value is None else str(value), inline=True)


@register.simple_tag(takes_context=True)
def label_fr(context, value):
    """A label with its acronyms as `<abbr title>`, without the glossary link the prose gets:
    tags and filter values are links or form labels themselves. The glossary is the context's
    `acronyms` (read once per page); a template rendered without a request gets no tooltips."""
    text = None if value is None else str(value)
    acronyms = context.get("acronyms")
    html = to_html(text, inline=True, glossary=acronyms or None, medium=Medium.LABEL)
    if "<abbr" in html:
        # DSFR badges and tags are flex boxes: the text after an <abbr> would be a flex item
        # of its own and lose its leading space (« JITE2018 »); one span keeps one line of text.
        return format_html("<span>{}</span>", html)
    return html


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

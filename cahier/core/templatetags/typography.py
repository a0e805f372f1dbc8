"""`{% load typography %}` then `{{ text|fr }}`: one line of text, escaped, with the French
typography of every rendered text (cahier.core.prose)."""

from django import template

from cahier.core.prose import to_html

register = template.Library()


@register.filter(name="fr")
def fr(value):
    return to_html(None if value is None else str(value), inline=True)

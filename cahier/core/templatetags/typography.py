"""`{% load typography %}` then `{{ text|fr }}`: French non-breaking spaces (see core.typography)."""

from django import template

from cahier.core.typography import french_spacing_html

register = template.Library()


@register.filter(name="fr")
def fr(value):
    if value is None:
        return ""
    return french_spacing_html(value)

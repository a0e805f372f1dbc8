"""Template helpers of the public site (navigation state, query strings, text rendering)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str) -> str:
    """`aria-current="page"` on the menu entry whose section the current page belongs to."""
    request = context.get("request")
    if request is not None and request.path.startswith(prefix):
        return format_html('aria-current="{}"', "page")
    return ""

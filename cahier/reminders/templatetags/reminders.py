"""`{% load reminders %}`: the « À vérifier » count on the curator's home. A template tag, so
that the contributions app, which the reminders build on, never imports them."""

from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.simple_tag
def reminders_to_check() -> int:
    """`{% reminders_to_check as n %}`: the fiches of the « À vérifier » queue (check overdue
    and no answer to the reminders, or nobody to write to)."""
    return selectors.to_check(timezone.now()).count()

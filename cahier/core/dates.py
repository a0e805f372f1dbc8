"""Dates as a French reader expects them: « 1er décembre 2026 », « 2 décembre 2026 à 9 h 05 »,
with non-breaking spaces so that a date never breaks across lines. The one rule for pages,
e-mails and command output (templates: `{% load typography %}` then `|date_fr`, `|datetime_fr`)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

NBSP = "\u00a0"


def french_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}{NBSP}{date_format(value, 'F Y')}"


def french_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{french_date(value)} à {value.hour}{NBSP}h{NBSP}{value:%M}"

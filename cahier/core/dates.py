"""Dates as a French reader expects them: « 1er décembre 2026 », « 2 décembre 2026 à 9 h 05 »,
with non-breaking spaces so that a date never breaks across lines. The one rule for pages,
e-mails and command output (templates: `{% load typography %}` then `|date_fr`, `|datetime_fr`)."""

from calendar import monthrange
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


def add_months(moment: datetime, months: int) -> datetime:
    """*moment* plus *months* calendar months (negative: back), counted in local time
    (Europe/Paris: the same hour on the clock across a change of summer time; 31 January +
    1 month = 28/29 February). A naive *moment* stays naive."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))

"""The four legal pages: static text around the publisher's settings and the durations the
code uses (facts.py)."""

from django.conf import settings
from django.shortcuts import render

from . import facts
from .publisher import publisher


def _render(request, template: str, **context):
    context.update(publisher=publisher(), base_url=settings.CAHIER_BASE_URL)
    return render(request, f"legal/{template}", context)


def legal_notice(request):
    return _render(request, "notice.html")


def personal_data(request):
    return _render(request, "personal_data.html", retention=facts.retention())


def cookies(request):
    return _render(request, "cookies.html", cookies=facts.cookies())


def accessibility(request):
    return _render(request, "accessibility.html")

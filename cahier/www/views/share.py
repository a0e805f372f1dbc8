"""Sharing a fiche: its short link (`/f/<code>` → 301 to the fiche's current address) and the
share images of the OpenGraph tags (see share_image.py)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cahier.catalogue.models import Initiative

from .. import share_image
from ..shortlinks import uid_of

ONE_DAY = 24 * 3600


@require_safe
def short_link(request, code: str):
    """301 to the fiche's page under its current slug; 404 for an unknown or unpublished one."""
    uid = uid_of(code)
    if uid is None:
        raise Http404("Lien court inconnu.")
    initiative = get_object_or_404(Initiative.objects.published().only("slug"), uid=uid)
    return redirect(initiative.get_absolute_url(), permanent=True)


def _png(path) -> FileResponse:
    return FileResponse(path.open("rb"), content_type="image/png")


@require_safe
@cache_control(public=True, max_age=ONE_DAY)
def initiative_image(request, slug: str):
    published = Initiative.objects.published().select_related("region", "porteur")
    initiative = get_object_or_404(published.prefetch_related("keywords"), slug=slug)
    return _png(share_image.image_path(share_image.initiative_card(initiative)))


@require_safe
@cache_control(public=True, max_age=ONE_DAY)
def site_image(request):
    return _png(share_image.image_path(share_image.site_card()))

"""What crawlers read: `/robots.txt` and `/sitemap.xml` (the pages are listed in sitemaps.py)."""

from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cahier.core.http import public_url

from ..sitemaps import SITEMAPS

# Crawlers stay out of what is not a public page: the curation, the admin, the contributors'
# accounts and forms, and the endless combinations of search filters (every fiche is in the
# sitemap; the result page without parameters stays open).
DISALLOWED = (
    "/admin/",
    "/curation/",
    "/connexion/",
    "/deconnexion/",
    "/inscription/",
    "/mot-de-passe/",
    "/mes-initiatives/",
    "/proposer/nouvelle/",
    "/editions/nouvelle/",
    "/initiatives/?",
    "/api/v1/exports/",
)


@require_safe
@cache_control(public=True, max_age=3600)
def robots(request):
    context = {"disallowed": DISALLOWED, "sitemap_url": public_url("/sitemap.xml")}
    return render(request, "www/discovery/robots.txt", context, content_type="text/plain")


@require_safe
@cache_control(public=True, max_age=3600)
def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS)

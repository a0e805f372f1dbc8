"""`/sitemap.xml` (django.contrib.sitemaps): every public page and every published fiche, with
the date it last changed. Addresses on the public site's address (`core.http.public_url`:
CAHIER_BASE_URL), whatever host the crawler came by. See docs/integration.md."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from cahier.catalogue.models import Initiative
from cahier.editions.selectors import editions_public


class PublicSitemap(Sitemap):
    """Addresses on CAHIER_BASE_URL (scheme, host and any path prefix)."""

    @property
    def protocol(self) -> str:
        return urlsplit(settings.CAHIER_BASE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        base = urlsplit(settings.CAHIER_BASE_URL)
        return base.netloc + base.path.rstrip("/")


class PageSitemap(PublicSitemap):
    """The site's pages; those that list fiches changed when the latest fiche did."""

    PAGES = (
        ("/", "daily", 1.0, True),
        ("/initiatives/", "daily", 0.9, True),
        ("/regions/", "weekly", 0.7, True),
        ("/reperes/", "weekly", 0.6, True),
        ("/glossaire/", "monthly", 0.4, False),
        ("/editions/", "monthly", 0.5, False),
        ("/a-propos/", "monthly", 0.4, False),
        ("/proposer/", "monthly", 0.5, False),
        ("/mentions-legales/", "yearly", 0.1, False),
        ("/donnees-personnelles/", "yearly", 0.1, False),
        ("/cookies/", "yearly", 0.1, False),
        ("/accessibilite/", "yearly", 0.1, False),
    )

    def items(self):
        return list(self.PAGES)

    def location(self, item) -> str:
        return item[0]

    def changefreq(self, item) -> str:
        return item[1]

    def priority(self, item) -> float:
        return item[2]

    def lastmod(self, item):
        if not item[3]:
            return None
        if not hasattr(self, "_latest"):
            self._latest = Initiative.objects.published().aggregate(at=Max("updated_at"))["at"]
        return self._latest


class InitiativeSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Initiative.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EditionSitemap(PublicSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return editions_public().only("slug", "updated_at")

    def location(self, item) -> str:
        return f"/editions/{item.slug}/"

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": PageSitemap, "initiatives": InitiativeSitemap, "editions": EditionSitemap}

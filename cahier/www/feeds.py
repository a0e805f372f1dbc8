"""The Atom feeds of the catalogue: the published fiches, most recently created or changed
first, for the whole catalogue or for any search of the site.

One feed, one address scheme: the parameters of a result page (`/initiatives/?region=…&mot_cle=…`,
declared once in cahier.search.parameters) under `/initiatives/flux.atom`; a region's feed is the
search of its region. The search selectors find the fiches, as for the exports. Sort and page
of a result page do not apply: a feed is always « the latest first ». See docs/integration.md."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from cahier.core.http import public_url
from cahier.core.prose import NBSP, french_spacing, plain_text
from cahier.search import parameters
from cahier.search.parameters import SITE, SearchParameterError, SearchQuery
from cahier.search.selectors import filter_labels, initiatives_matching

from .search import feed_url, search_url
from .views.search import bad_request

FEED_SIZE = 50
SUMMARY_LENGTH = 400
PUBLISHER = "DGEFP — Cahier des initiatives inclusion"


class PlainTextAtomFeed(Atom1Feed):
    """Atom 1.0 whose entry summaries are plain text (`type="text"`): the XML writer escapes
    them once, a reader shows them as they are (Django's default, `type="html"`, would make a
    « < » typed in a fiche markup)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


@dataclass
class FeedSearch:
    """The words and filters of a feed's URL (API names → values), checked."""

    values: dict

    @classmethod
    def from_request(cls, request) -> FeedSearch:
        return cls(parameters.read(request.GET.getlist, SITE, parameters.CRITERIA))

    def query(self) -> SearchQuery:
        return SearchQuery(**self.values, with_facets=False)

    def description(self) -> str:
        """« Bretagne · Mobilité · « garage » » or "" for the whole catalogue."""
        parts = [" ou ".join(names) for _, names in filter_labels(self.query())]
        if self.values.get("q"):
            parts.insert(0, f"«{NBSP}{self.values['q']}{NBSP}»")
        return " · ".join(parts)


class InitiativeFeed(Feed):
    feed_type = PlainTextAtomFeed
    language = "fr"
    author_name = PUBLISHER
    feed_copyright = "Licence Ouverte / Open Licence version 2.0 (etalab-2.0)"

    def __call__(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except SearchParameterError as error:
            return bad_request(request, error, feed=True)
        # Readers poll: let a cache keep it a little (an edit shows within 5 minutes).
        response.headers.setdefault("Cache-Control", "public, max-age=300")
        return response

    def get_object(self, request):
        return FeedSearch.from_request(request)

    def title(self, search: FeedSearch) -> str:
        scope = search.description()
        name = settings.CAHIER_SITE_NAME
        return french_spacing(f"{name} : {scope}" if scope else f"{name} : toutes les initiatives")

    def subtitle(self, search: FeedSearch) -> str:
        return french_spacing(
            "Les initiatives publiées"
            + (" que trouve cette recherche" if search.values else "")
            + ", les plus récemment créées ou modifiées d’abord."
        )

    def link(self, search: FeedSearch) -> str:
        return public_url(search_url(search.values))

    def feed_url(self, search: FeedSearch) -> str:
        return public_url(feed_url(search.values))

    def feed_guid(self, search: FeedSearch) -> str:
        return self.feed_url(search)

    def items(self, search: FeedSearch):
        found = initiatives_matching(search.query())
        return list(
            found.select_related("porteur")
            .prefetch_related("keywords")
            .order_by("-updated_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item) -> str:
        return french_spacing(item.title)

    def item_description(self, item) -> str:
        return plain_text(item.description, SUMMARY_LENGTH)

    def item_link(self, item) -> str:
        return public_url(item.get_absolute_url())

    def item_guid(self, item) -> str:
        # The permanent identifier (open-data `id`): a changed title or slug is the same entry.
        return item.uid.urn

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item) -> str | None:
        return french_spacing(item.porteur_label or str(item.porteur or "")) or None

    def item_categories(self, item) -> list[str]:
        return [keyword.label for keyword in item.keywords.all()]


initiative_feed = InitiativeFeed()

"""Whole pages kept for anonymous readers, declared once: which pages (`CACHED_VIEWS`), for
whom (`_anonymous_get`), what may be kept (`_storable`), and what makes them stale
(the search receivers, and `BUMPED_HERE` for the rest).

A page is kept under a key that carries the **catalogue generation**: the one row of
`cahier/search/state.py` (`generation()`), renewed inside the transaction of every write
that shows on a kept page. Production runs several app servers on one database, each with its
own file cache: none of them trusts a clock or its own memory to know a page is stale; each
reads the row (at most every `state.POLL` seconds, the writing process at once) and a new
value gives new keys, so every server renders the page again. Nothing is ever purged: old
entries age out of the cache (`timeout`, `MAX_ENTRIES`).

The middleware sits below the audience counter and the response headers (CSP, CORS…) in
settings.MIDDLEWARE, above the session: a page served from the cache is counted, carries the
same headers, and costs no session or user query."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from cahier.catalogue.models import (
    Event,
    Organisation,
)
from cahier.core.fingerprint import code_fingerprint
from cahier.editions.models import Edition, EditionEntry
from cahier.search import state

CACHE_ALIAS = "pages"  # settings.CACHES: a file cache per server (var/cache-pages)
TIMEOUT = 24 * 3600  # an entry nobody asked for in a day leaves room for others
HEADER = "X-Cache"  # HIT or MISS: what the measures and the tests read

# The pages kept (URL names). The results page too: the search itself takes milliseconds
# (per-process bitsets) but rendering twenty results costs as much as a fiche (about 200 ms
# measured, docs/website.md), and the links of the home page, Repères and the regions ask the
# same searches again and again; a rarer query just ages out of the cache.
CACHED_VIEWS = frozenset(
    {
        "www:home",
        "www:initiatives",
        "www:initiative",
        "www:reperes",
        "www:glossary",
        "www:about",
        "www:regions",
        "www:region",
        "api:initiative_detail",
        "api:initiatives_search",
    }
)

# Everything a kept page shows, and how its change renews the generation. Most of it already
# does for the search index (cahier/search/receivers.py, cahier/search/indexing.py): a fiche
# (its services send `initiatives_changed`, replications and organisations included), the
# glossary, renamed institutions, regions and their referents, events, the three indexes,
# synonyms. The rest is declared here and connected in WwwConfig.ready(): editions (published
# or withdrawn, the current one, their numbers) and what a deletion removes from a page.
BUMPED_HERE = {
    Edition: (post_save, post_delete),
    EditionEntry: (post_save, post_delete),
    Event: (post_delete,),
    Organisation: (post_delete,),
}


def catalogue_changed(sender=None, raw=False, **kwargs) -> None:
    """Renew the generation (an empty change: the search structures have nothing to patch)."""
    if raw:
        return  # loaddata (`cahier restore`): the whole index is rebuilt, once, at the end
    state.invalidate(())


def connect() -> None:
    for model, signals in BUMPED_HERE.items():
        for signal in signals:
            signal.connect(
                catalogue_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}"
            )


def _anonymous_get(request: HttpRequest) -> bool:
    """A request that a kept page may answer: GET or HEAD, without a session or messages
    cookie (whoever has one may be signed in, or have a message waiting), not an htmx
    fragment."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HX-Request" not in request.headers


def _cached_view(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name in CACHED_VIEWS
    except Resolver404:
        return False


def page_key(request: HttpRequest) -> str:
    """The page's address and host, today's date (the printed fiche's footer carries it), the
    code and the catalogue generation."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    parts = [code_fingerprint(), str(state.generation()), timezone.localdate().isoformat()]
    digest = hashlib.sha256("|".join([*parts, address]).encode()).hexdigest()
    return f"cahier:page:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain 200 for everyone: no cookie set, no CSRF token used, nobody signed in, no
    answer that asked not to be kept."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def _finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag (a digest of the body) and revalidation for the pages that had none (the API sets
    its own); a browser that has this version gets 304."""
    if not response.has_header("ETag"):
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    if not response.has_header("Cache-Control"):
        # Signed-in readers see another header: a shared cache keeps one copy per Cookie, and
        # every reader asks again (a 304 costs no rendering).
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    last_modified = response.get("Last-Modified")
    not_modified = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    return not_modified or response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[CACHE_ALIAS]

    def __call__(self, request):
        if not (_anonymous_get(request) and _cached_view(request)):
            return self.get_response(request)
        key = page_key(request)
        stored = self.cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = _conditional(request, HttpResponse(content, status=status, headers=headers))
            response[HEADER] = "HIT"
            return response
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        response = _finish(request, response)
        headers = {name: value for name, value in response.items() if name != HEADER}
        self.cache.set(key, (response.status_code, headers, response.content), TIMEOUT)
        response = _conditional(request, response)
        response[HEADER] = "MISS"
        return response

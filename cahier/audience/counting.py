"""Which requests count as a reading of a fiche: the one rule, declared once (the middleware
applies it; docs/living-catalogue.md « Consultations » quotes it).

Counted: a GET of the public fiche page (`www:initiative`) answered 200, by an anonymous
visitor whose browser says who it is, or 304 to a browser that already had it. Not counted:
HEAD and every other method, other answers (404, redirects), robots (`BOT_MARKERS`), a
request without User-Agent (a script), link prefetching (`Sec-Purpose` / `Purpose: prefetch`), and anyone signed in: holders and
curators reread their own fiches, they are not the public."""

import re

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

FICHE_VIEW = "www:initiative"
# 200, or 304: the page carries an ETag (cahier/www/pagecache.py) and a browser that has it
# asks again on each visit; « not modified » is still a reading.
COUNTED_STATUSES = (200, 304)
FICHE_PREFIX = "/initiatives/"

# Case-insensitive fragments of a User-Agent that mark a robot, a crawler, a link preview or
# a monitoring probe. Short on purpose: "bot" alone covers Googlebot, bingbot, Applebot,
# facebookexternalhit's sibling… A browser's User-Agent contains none of them.
BOT_MARKERS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "monitor",
    "uptime",
    "pingdom",
    "facebookexternalhit",
    "embedly",
    "headless",
    "lighthouse",
    "curl",
    "wget",
    "python",
    "httpx",
    "go-http-client",
    "java/",
    "okhttp",
    "libwww",
    "scrapy",
    "feed",
    "archiver",
    "validator",
    "cahier-link-checker",
)
BOT_PATTERN = re.compile("|".join(re.escape(marker) for marker in BOT_MARKERS), re.IGNORECASE)


def is_robot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def is_prefetch(request: HttpRequest) -> bool:
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" in purpose.lower()


def counted_slug(request: HttpRequest, response: HttpResponse) -> str | None:
    """The slug of the fiche this request read, or None when it does not count. The cheap
    tests come first: most requests are not fiche pages."""
    if request.method != "GET" or response.status_code not in COUNTED_STATUSES:
        return None
    if not request.path_info.startswith(FICHE_PREFIX):
        return None
    if is_robot(request.headers.get("User-Agent", "")) or is_prefetch(request):
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name != FICHE_VIEW:
        return None
    return match.kwargs.get("slug")

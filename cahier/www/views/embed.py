"""The embeddable list of fiches (/integrer/liste/, the only page another site may frame) and
its builder (/integrer/). See docs/integration.md."""

from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from cahier.catalogue.models import Keyword, PublicType
from cahier.search.enums import Sort
from cahier.search.parameters import SITE, SearchParameterError

from .. import embed, queries
from ..enums import EmbedTheme

SITE_NAME = "Cahier des initiatives inclusion"


def frameable(view):
    """Let other sites frame *view*: no X-Frame-Options, and `frame-ancestors` from
    CAHIER_EMBED_FRAME_ANCESTORS (read at each response) instead of the site's 'none'."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        ancestors = list(settings.CAHIER_EMBED_FRAME_ANCESTORS)
        return csp_replace({"frame-ancestors": ancestors})(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)


def _title(labels: list[str], text: str) -> str:
    parts = [*labels, f"«\u00a0{text}\u00a0»"] if text else labels
    return "Initiatives inclusion" + ("\u00a0: " + ", ".join(parts) if parts else "")


def _render_list(options: embed.Embed) -> str:
    result = embed.search(options)
    context = {
        "embed": options,
        "result": result,
        "title": _title(embed.selected_labels(result), options.criteria.get("q", "")),
        "search_url": options.search_url(),
        "site_name": SITE_NAME,
    }
    # No request: the list is the same for everyone (no cookie read, no Vary: Cookie).
    return render_to_string("www/embed/list.html", context)


@frameable
@require_safe
def embed_list(request):
    try:
        options = embed.Embed.from_querydict(request.GET)
        page = embed.rendered(options, lambda: _render_list(options))
    except SearchParameterError as error:
        theme = EmbedTheme.DARK if request.GET.get(embed.THEME) == EmbedTheme.DARK else None
        context = {
            "message": error.message(SITE),
            "theme": theme or EmbedTheme.LIGHT,
            "builder_url": embed.BUILDER_PATH,
            "site_name": SITE_NAME,
        }
        response = HttpResponse(render_to_string("www/embed/error.html", context), status=400)
        patch_cache_control(response, no_cache=True)
        return response
    response = HttpResponse(page.html)
    response["ETag"] = page.etag
    patch_cache_control(response, public=True, max_age=embed.MAX_AGE)
    return get_conditional_response(request, etag=page.etag, response=response)


def snippet(absolute_url: str, title: str, height: int) -> str:
    """The HTML to paste into another site (shown as text, copied as is)."""
    return (
        f'<iframe src="{escape(absolute_url)}" title="{escape(title)}" width="100%" '
        f'height="{height}" loading="lazy"></iframe>'
    )


def embed_builder(request):
    options, result, errors = embed.read_leniently(request.GET)
    title = _title(embed.selected_labels(result), options.criteria.get("q", ""))
    absolute = request.build_absolute_uri(options.url())
    shown = min(result.count, options.count)
    context = {
        "options": options,
        "chosen": {
            name: str(values[0]) for name, values in options.criteria.items() if name != "q"
        },
        "result": result,
        "shown": shown,
        "errors": errors,
        # The text fields as read, or as typed when the embed could not use them (to correct).
        "typed": {
            "q": request.GET.get("q", "") if "q" in errors else options.criteria.get("q", ""),
            "nombre": request.GET.get("nombre", "") if "nombre" in errors else options.count,
        },
        "regions": [r for r in queries.regions_with_counts() if r.count],
        "keywords": [k for k in queries.terms_with_counts(Keyword) if k.count],
        "publics": [p for p in queries.terms_with_counts(PublicType) if p.count],
        "sorts": Sort.choices,
        "themes": EmbedTheme.choices,
        "max_count": embed.MAX_COUNT,
        "title": title,
        "preview_url": options.url(),
        "absolute_url": absolute,
        "snippet": snippet(absolute, title, options.height()),
        "height": options.height(shown),
    }
    return render(request, "www/embed/builder.html", context)

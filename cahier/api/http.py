"""Conditional GET for the read API: every answer carries an ETag (hash of the body, or for a
streamed download the state it is made of) and a Last-Modified (latest change of the
catalogue); a matching If-None-Match or an If-Modified-Since not older than that answers 304
Not Modified with no body."""

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import datetime

from django.db.models import Max
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cahier.catalogue.models import Initiative
from cahier.core.fingerprint import code_fingerprint
from cahier.editions.models import Edition
from cahier.search import state

CACHE_CONTROL = "public, max-age=60"


def catalogue_last_modified() -> datetime | None:
    """The latest write the public data shows (initiatives, editions)."""
    stamps = [
        Initiative.objects.aggregate(m=Max("updated_at"))["m"],
        Edition.objects.aggregate(m=Max("updated_at"))["m"],
    ]
    stamps = [stamp for stamp in stamps if stamp is not None]
    return max(stamps) if stamps else None


def conditional_response(
    request: HttpRequest,
    body: bytes,
    content_type: str = "application/json; charset=utf-8",
    last_modified: datetime | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    # HTTP dates have one-second precision: compare at that precision.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    response = not_modified or HttpResponse(body, content_type=content_type)
    return _validated(response, etag, timestamp, headers)


def _validated(response, etag: str, timestamp: int | None, headers: dict[str, str] | None):
    """*response* with its validators (ETag, Last-Modified), cache policy and extra headers."""
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = CACHE_CONTROL
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def streamed_response(
    request: HttpRequest,
    chunks: Callable[[], Iterable[bytes]],
    content_type: str,
    last_modified: datetime | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A download too large to hold in memory (an export of 100 000 fiches): *chunks()* is
    written as it comes, and only for a GET that needs it (not for HEAD or a 304). Its ETag
    cannot be a digest of a body not yet written: it names what the body is made of — the
    address, the catalogue generation (renewed in the transaction of every change an export
    shows, cahier/search/state.py), the day (the quality score and the next check date depend
    on it) and the code — as the keys of the whole-page cache do."""
    made_of = "|".join(
        [
            code_fingerprint(),
            str(state.generation()),
            timezone.localdate().isoformat(),
            request.get_full_path(),
        ]
    )
    etag = '"' + hashlib.sha256(made_of.encode()).hexdigest()[:32] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        if request.method == "HEAD":
            response = HttpResponse(content_type=content_type)
        else:
            response = StreamingHttpResponse(chunks(), content_type=content_type)
    return _validated(response, etag, timestamp, headers)


def json_response(request: HttpRequest, data, last_modified: datetime | None = None):
    body = json.dumps(data, ensure_ascii=False, default=str).encode()
    return conditional_response(request, body, last_modified=last_modified)


def api_error(request: HttpRequest, detail: str, status: int = 400) -> HttpResponse:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")

"""HTTP helpers shared by every app: the client's address (login throttling, rate limits), the
Permissions-Policy header, the public address of a page (`public_url`) and the rate limits
of the forms (`rate_limited`)."""

from collections.abc import Callable

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind a reverse proxy the header named by settings.CAHIER_CLIENT_IP_HEADER
    (a request.META key such as HTTP_X_FORWARDED_FOR). Of a list, the right-most entry is the
    one the proxy added: the entries before it are whatever the client sent, and counting
    them would let a client pick a new address for every attempt."""
    header = getattr(settings, "CAHIER_CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get(header, "")
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a key, not a bind


# Browser features no page of the site uses, refused to the page and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def public_url(path: str = "/") -> str:
    """The absolute address of *path* on the public site: settings.CAHIER_BASE_URL (the
    address readers use, the same as in the e-mails), never the host a request came by. A
    feed entry, a sitemap, an OpenGraph tag or a shared link found by a crawler that reached
    the server by its IP address or an internal name must still point to the public site."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.CAHIER_BASE_URL + "/" + path.lstrip("/")


def rate_limited(request, *, group: str, key: str | Callable = "ip") -> bool:
    """Count this POST against *group*'s limit (settings.CAHIER_RATELIMITS, counted by
    django-ratelimit per client address by default, or per what *key* returns: a user, an
    e-mail); True when over. Every rate-limited form of the site goes through here."""
    if request.method != "POST":
        return False
    rate = settings.CAHIER_RATELIMITS[group]
    return is_ratelimited(
        request, group=f"cahier.{group}", key=key, rate=rate, method="POST", increment=True
    )

"""The client's address, one rule for every counter (login throttling, rate limits)."""

from django.conf import settings


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

"""Counts the readings of the public fiche page (rules: `counting.py`).

Listed in settings.MIDDLEWARE above any cache middleware, so that a page served from a cache
counts too (a cache answers from inside the chain; this middleware sees every answer on its
way out). It never sets a cookie, never reads the session beyond « is someone signed in? »,
and stores nothing but (fiche, day, +1)."""

import logging
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from . import counting, services

logger = logging.getLogger(__name__)

# How long a count waits for a locked SQLite database (an import, a backup) before giving up:
# the page must not wait the 20 s the rest of the site accepts (settings OPTIONS["timeout"]).
SQLITE_WAIT_MS = 250


@contextmanager
def _short_wait():
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    usual = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
    # On the DB-API connection: a connection setting, not a query of the page.
    connection.connection.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_MS}")
    try:
        yield
    finally:
        connection.connection.execute(f"PRAGMA busy_timeout = {usual}")


def _record(slug: str) -> None:
    try:
        with _short_wait():
            if connection.in_atomic_block:
                # Inside a transaction (tests, ATOMIC_REQUESTS): a failed count must not
                # poison it, hence a savepoint; otherwise autocommit, one statement.
                with transaction.atomic():
                    services.fiche_view_record(slug=slug, day=timezone.localdate())
            else:
                services.fiche_view_record(slug=slug, day=timezone.localdate())
    except DatabaseError:
        logger.warning("Consultation de la fiche %s non comptée", slug, exc_info=True)


class FicheViewsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        slug = counting.counted_slug(request, response)
        if slug:
            _record(slug)
        return response

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_wsgi_application()


def _warm_search() -> None:
    """Each gunicorn worker imports this module before it accepts a request: the search's
    per-process structures are built here, not by the first visitor (seconds at 100 000
    fiches), and later rebuilt in the background (cahier/search/state.py)."""
    from django.conf import settings
    from django.db import DatabaseError, connections
    from django.urls import reverse

    if not settings.SEARCH_WARM_AT_BOOT:
        return
    # Loading the URLconf imports every view module (spreadsheets, PDF…) and the first reverse()
    # fills the resolver: ≈ 1 s the first request of each worker paid at 100 000 fiches on a
    # loaded machine (docs/search.md, « Issue 12 à 100 000 fiches, à travers le serveur »).
    reverse("www:initiative", kwargs={"slug": "x"})
    from cahier.search.engine import warm

    try:
        warm()
    except DatabaseError:  # not migrated yet: the first query builds them, as without warming
        logging.getLogger(__name__).exception("search: warming at start failed")
    finally:
        connections.close_all()


_warm_search()

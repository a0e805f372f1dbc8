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

    if not settings.SEARCH_WARM_AT_BOOT:
        return
    from cahier.search.engine import warm

    try:
        warm()
    except DatabaseError:  # not migrated yet: the first query builds them, as without warming
        logging.getLogger(__name__).exception("search: warming at start failed")
    finally:
        connections.close_all()


_warm_search()

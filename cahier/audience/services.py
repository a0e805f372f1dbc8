"""Recording a reading of a fiche: one SQL statement, safe under any number of processes and
servers sharing the database."""

from datetime import date

from django.db import connection

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative

from .models import FicheViews


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    views, initiatives = quote(FicheViews._meta.db_table), quote(Initiative._meta.db_table)
    # INSERT … SELECT finds the fiche by its slug in the same statement (the middleware may
    # count a page served from a cache, without the fiche at hand). ON CONFLICT … DO UPDATE
    # adds one inside the database: no read-modify-write, so two workers counting the same
    # fiche at the same instant never lose a reading. SQLite (≥ 3.24) and PostgreSQL share
    # this syntax; the WHERE of the SELECT is what lets SQLite parse the ON CONFLICT.
    # Only the models' own table names are interpolated; every value is a parameter.
    return (
        f"INSERT INTO {views} (initiative_id, day, views) "  # noqa: S608
        f"SELECT id, %s, 1 FROM {initiatives} WHERE slug = %s AND status = %s "
        f"ON CONFLICT (initiative_id, day) DO UPDATE SET views = {views}.views + 1"
    )


def fiche_view_record(*, slug: str, day: date) -> None:
    """One more reading of the published fiche *slug* on *day* (nothing if there is no such
    published fiche). Raises the database's error: the caller decides whether a page is worth
    more than a count (the middleware does)."""
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [day, slug, PublicationStatus.PUBLISHED.value])

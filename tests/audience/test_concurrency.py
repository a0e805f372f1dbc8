"""Several workers (threads here, gunicorn workers or servers in production) counting the same
fiche at the same instant lose no reading: the upsert adds one inside the database."""

import sqlite3
import threading
from datetime import date

import pytest
from django.db import connection

from cahier.audience import services
from cahier.audience.models import FicheViews

WORKERS, READINGS = 8, 25
DAY = date(2026, 12, 1)


def _run_together(work) -> list[Exception]:
    start, errors = threading.Barrier(WORKERS), []

    def worker():
        start.wait()
        try:
            work()
        except Exception as error:  # reported by the test, whatever it is
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_workers_counting_at_once_lose_no_reading(on_postgres):
    if not on_postgres:
        pytest.skip("the SQLite case is the next test (a file database)")
    from tests.catalogue.factories import InitiativeFactory

    fiche = InitiativeFactory(slug="garage-solidaire")

    def work():
        try:
            for _ in range(READINGS):
                services.fiche_view_record(slug="garage-solidaire", day=DAY)
        finally:
            connection.close()

    assert _run_together(work) == []
    row = FicheViews.objects.get(initiative=fiche)
    assert (row.day, row.views) == (DAY, WORKERS * READINGS)


def test_sqlite_connections_counting_at_once_lose_no_reading(tmp_path, db):
    """The same statement on a SQLite file in WAL mode, one connection per thread (as each
    gunicorn worker has its own): SQLite serialises the writers, none loses a count."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    path = tmp_path / "cahier.sqlite3"
    # The table as the migration creates it, unique constraint included (ON CONFLICT's target).
    create_views, _ = connection.schema_editor().table_sql(FicheViews)
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    # Just what the statement reads of the fiches' table.
    setup.execute(
        "CREATE TABLE catalogue_initiative (id INTEGER PRIMARY KEY, slug TEXT, status TEXT)"
    )
    setup.execute("INSERT INTO catalogue_initiative VALUES (7, 'garage-solidaire', 'published')")
    setup.execute(create_views)
    setup.commit()
    setup.close()
    sql = services._upsert_sql().replace("%s", "?")

    def work():
        own = sqlite3.connect(path, timeout=20, isolation_level=None)  # autocommit, as Django
        try:
            for _ in range(READINGS):
                own.execute(sql, [DAY.isoformat(), "garage-solidaire", "published"])
        finally:
            own.close()

    assert _run_together(work) == []
    check = sqlite3.connect(path)
    rows = check.execute("SELECT initiative_id, day, views FROM audience_ficheviews")
    assert rows.fetchall() == [(7, DAY.isoformat(), WORKERS * READINGS)]
    check.close()

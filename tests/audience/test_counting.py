"""Which readings of a fiche count: once per GET of the public page by a reader; not HEAD,
robots, prefetching or signed-in people; never a cookie; a database error never breaks the
page."""

from datetime import date

import pytest
from django.db import OperationalError, connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cahier.audience import counting, services
from cahier.audience.models import FicheViews
from tests.catalogue.factories import InitiativeFactory

from .conftest import BROWSER

pytestmark = pytest.mark.django_db
URL = "/initiatives/garage-solidaire/"


def views_of(initiative) -> int:
    return FicheViews.objects.filter(initiative=initiative).aggregate(n=Sum("views"))["n"] or 0


@pytest.mark.postgres
def test_each_get_of_the_fiche_page_counts_once(fiche, read):
    for _ in range(3):
        assert read(URL).status_code == 200
    row = FicheViews.objects.get()
    assert (row.initiative, row.views) == (fiche, 3)


def test_the_count_is_kept_per_day(fiche, read, monkeypatch):
    for day, readings in ((date(2026, 11, 30), 1), (date(2026, 12, 1), 2)):
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        for _ in range(readings):
            read(URL)
    assert dict(FicheViews.objects.values_list("day", "views")) == {
        date(2026, 11, 30): 1,
        date(2026, 12, 1): 2,
    }


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32",
        "cahier-link-checker (+https://cahier.example)",
        "",
    ],
)
def test_robots_and_scripts_do_not_count(fiche, read, user_agent):
    assert read(URL, HTTP_USER_AGENT=user_agent).status_code == 200
    assert views_of(fiche) == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
    ],
)
def test_link_prefetching_does_not_count(fiche, read, header):
    assert read(URL, **header).status_code == 200
    assert views_of(fiche) == 0


def test_head_does_not_count(fiche, read):
    assert read(URL, method="head").status_code == 200
    assert views_of(fiche) == 0


def test_signed_in_people_do_not_count(fiche, read, client, curator):
    client.force_login(curator)
    assert read(URL).status_code == 200
    assert views_of(fiche) == 0


def test_other_pages_and_missing_or_unpublished_fiches_do_not_count(fiche, read):
    draft = InitiativeFactory(slug="brouillon", draft=True)
    assert read("/initiatives/brouillon/").status_code == 404
    assert read("/initiatives/inconnue/").status_code == 404
    assert read("/initiatives/").status_code == 200
    assert read(URL + "partage.png").status_code == 200
    assert FicheViews.objects.count() == 0
    assert views_of(draft) == 0


def test_the_fiche_page_sets_no_cookie(fiche, read):
    response = read(URL)
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert views_of(fiche) == 1


def test_only_fiche_day_and_count_are_stored(fiche, read):
    read(URL, REMOTE_ADDR="203.0.113.7")
    columns = {field.column for field in FicheViews._meta.concrete_fields}
    assert columns == {"id", "initiative_id", "day", "views"}


@pytest.mark.postgres
def test_a_database_error_while_counting_is_logged_and_the_page_served(
    fiche, read, monkeypatch, caplog
):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "fiche_view_record", locked)
    response = read(URL)
    assert response.status_code == 200
    assert "Garage solidaire" in response.content.decode()
    assert "Consultation de la fiche garage-solidaire non comptée" in caplog.text
    # The request's connection still works afterwards.
    assert read("/initiatives/").status_code == 200


def test_a_page_answered_from_a_page_cache_still_counts(fiche, read):
    read(URL)
    with CaptureQueriesContext(connection) as queries:
        response = read(URL)
    # Served from the site's page cache (cahier/www/pagecache.py): the view did not run, only
    # the count was written (inside the test's transaction, in a savepoint), besides the read
    # of the catalogue generation the cache key carries (at most every 0.25 s).
    assert (response.status_code, response["X-Cache"]) == (200, "HIT")
    statements = [
        q["sql"].split()[0] for q in queries.captured_queries if "search_generation" not in q["sql"]
    ]
    assert [s for s in statements if s not in ("SAVEPOINT", "RELEASE")] == ["INSERT"]
    assert views_of(fiche) == 2


def test_the_robot_pattern_is_declared_once_and_spares_browsers():
    assert counting.is_robot(BROWSER) is False
    assert (
        counting.is_robot(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
        )
        is False
    )
    assert all(counting.is_robot(f"x {marker.upper()} y") for marker in counting.BOT_MARKERS)


def test_on_sqlite_the_count_waits_briefly_then_restores_the_usual_wait(fiche, read, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from cahier.audience import middleware

    waits = []
    record = services.fiche_view_record

    def watched(**kwargs):
        waits.append(connection.connection.execute("PRAGMA busy_timeout").fetchone()[0])
        record(**kwargs)

    monkeypatch.setattr(services, "fiche_view_record", watched)
    read(URL)
    usual = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
    assert waits == [middleware.SQLITE_WAIT_MS]
    assert connection.connection.execute("PRAGMA busy_timeout").fetchone()[0] == usual
    assert views_of(fiche) == 1

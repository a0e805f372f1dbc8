"""Shared fixtures.

`make test` runs the suite twice: on SQLite (everything), then with CAHIER_TEST_DATABASE_URL
pointing at PostgreSQL for the tests marked `postgres`. When that server cannot be reached the
second pass reports those tests as skipped, with the reason."""

import io
import os
import socket
from urllib.parse import urlparse

import pytest

PG_URL = os.environ.get("CAHIER_TEST_DATABASE_URL", "")


def _postgres_unreachable_reason() -> str | None:
    if not PG_URL.startswith("postgres"):
        return None
    parsed = urlparse(PG_URL)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 5432
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as error:
        return f"PostgreSQL injoignable sur {host}:{port} ({error}) : tests PostgreSQL ignorés"


_PG_SKIP_REASON = _postgres_unreachable_reason()


def pytest_addoption(parser):
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        help="rewrite the SQL query snapshots (tests/<app>/snapshots/) instead of comparing",
    )


@pytest.fixture
def snapshot_queries(request):
    """`with snapshot_queries(): client.get(url)`: the SQL queries of the block must match the
    test's snapshot file (tests/query_snapshots.py)."""
    from tests.query_snapshots import QuerySnapshot, snapshot_path

    path = snapshot_path(request.path, request.node.name)
    return QuerySnapshot(path, update=request.config.getoption("--snapshot-update"))


def pytest_collection_modifyitems(config, items):
    if _PG_SKIP_REASON:
        skip = pytest.mark.skip(reason=_PG_SKIP_REASON)
        for item in items:
            item.add_marker(skip)


_TRANSACTIONAL = ("transactional_db", "live_server", "django_db_reset_sequences")


@pytest.fixture(autouse=True)
def _reference_regions(request):
    """Regions, institution changes and the new names' acronyms are reference data seeded by
    migrations; transactional tests flush them, so put them back before any test that touches
    the database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = any(name in request.fixturenames for name in _TRANSACTIONAL) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        yield
        return
    from cahier.catalogue.services import (
        glossary_additions_seed,
        institution_changes_seed,
        regions_seed,
    )

    regions_seed()
    institution_changes_seed()
    glossary_additions_seed()
    yield


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    """The search caches per process what each test rolls back (cahier/search/state.py), and
    the kept pages are keyed by its generation (cahier/www/pagecache.py)."""
    from django.core.cache import caches

    from cahier.search import state

    state.clear_local()
    caches["pages"].clear()
    yield
    state.clear_local()
    caches["pages"].clear()


def _rows_now() -> dict:
    from django.apps import apps

    return {
        model: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _delete_rows_added_since(before: dict) -> None:
    """Delete every row written after *before* was taken, in one transaction without signals
    or cascades (foreign keys are checked at commit, when nothing points to a deleted row any
    more), then rebuild the search index, whose full-text tables are not models."""
    from django.core.cache import cache
    from django.db import connection, transaction

    from cahier.search import state
    from cahier.search.indexing import reindex_all

    with transaction.atomic():
        for model, pks in before.items():
            model._base_manager.exclude(pk__in=pks)._raw_delete(connection.alias)
    reindex_all()
    cache.clear()
    state.clear_local()


@pytest.fixture(scope="module")
def cahier_2019(django_db_setup, django_db_blocker):
    """The bundled 2019 cahier, imported once per test module through the `import` command,
    outside the per-test transactions: every test of the module reads it and whatever a test
    writes is rolled back with the test (request `db` or mark `django_db`). Removed after the
    module so that other modules see an empty catalogue. Yields the command's (stdout, stderr).

    Modules using it must not hold tests that need an empty catalogue."""
    from django.conf import settings
    from django.core.management import call_command

    from cahier.search import state

    with django_db_blocker.unblock():
        before = _rows_now()
        out, err = io.StringIO(), io.StringIO()
        call_command("import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=out, stderr=err)
        state.clear_local()
        try:
            yield out.getvalue(), err.getvalue()
        finally:
            _delete_rows_added_since(before)


# The sample edition: shared by the editions, open-data and site tests.
@pytest.fixture
def sample_edition(db):
    """A small published (frozen) and current edition shaped like 2019: 6 fiches over 4
    regions, indexes, glossary."""
    from cahier.catalogue.enums import EventKind, ProvenanceStatus
    from tests.catalogue import factories as f
    from tests.editions.factories import TITLES, EditionFactory, edition_publish

    edition = EditionFactory(
        slug="cahier-2019",
        year=2019,
        title="Le cahier des initiatives",
        subtitle="INCLUSION",
        edito="Dans un contexte de reprise : « nul n'est inemployable ».\n\n"
        "### **Présentation du carnet**\n\n- **La logique de compétences** avec…\n- Parcours",
        edito_signature="Bruno Lucas\nDélégué général à l'emploi et à la formation professionnelle",
    )
    alternance = f.KeywordFactory(label="Alternance", slug="alternance", position=1)
    mobilite = f.KeywordFactory(label="Mobilité", slug="mobilite", position=2)
    jeunes = f.PublicTypeFactory(label="Jeunes", slug="jeunes", position=1)
    seniors = f.PublicTypeFactory(label="Seniors", slug="seniors", position=2)
    fse = f.FundingFactory(label="FSE / IEJ", slug="fse-iej", position=1)
    f.GlossaryTermFactory(acronym="ACI", definition="Ateliers et chantiers d'insertion")
    f.GlossaryTermFactory(acronym="PLIE", definition="Plan local pluriannuel pour l'insertion")
    trophees = f.EventFactory(kind=EventKind.TROPHEES_FSE, year=2019)
    for number, (region, title) in enumerate(TITLES, start=1):
        last = number == len(TITLES)
        f.InitiativeFactory(
            title=title,
            slug=f"fiche-{number}",
            region=f.region(region),
            keywords=[alternance] if number % 2 else [alternance, mobilite],
            publics=[jeunes] if number < 4 else [seniors],
            fundings=[fse] if number in (2, 3) else [],
            edition=(edition, number),
            **(
                {
                    "event": trophees,
                    "provenance_status": ProvenanceStatus.SELECTED,
                    "provenance_category": "Mobilité",
                }
                if last
                else {}
            ),
        )
    # Published (frozen) and current through the services, once every fiche is complete.
    edition_publish(edition)
    return edition


@pytest.fixture
def curator(db):
    """A curator made the way `cahier curator add` makes one (not a staff shortcut)."""
    from tests.contributions.factories import UserFactory

    return UserFactory(
        username="curatrice@example.org", email="curatrice@example.org", curator=True
    )


@pytest.fixture
def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


CSP_VIOLATION = "Content Security Policy"
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("Content Security Policy refused " + e.violatedDirective + " sample="
    + JSON.stringify(e.sample) + " from " + (e.sourceFile || "?") + ":" + e.lineNumber);
});
"""


@pytest.fixture(autouse=True)
def _no_csp_violation_in_the_browser(request):
    """A browser test fails when Chromium refuses anything under the Content-Security-Policy
    (an inline script or style, an outside origin): every context the test opens reports its
    console errors here."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    browser = request.getfixturevalue("chromium")
    violations: list[str] = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        # Chromium's console line names the directive, not what was refused: the page event
        # carries the refused sample and the script that tried, printed with the failure.
        context.add_init_script(CSP_REPORTER)

        def on_console(message):
            if message.type == "error" and CSP_VIOLATION in message.text:
                violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

        context.on("console", on_console)
        return context

    browser.new_context = watched_context
    try:
        yield
    finally:
        browser.new_context = new_context
    assert violations == [], "\n".join(violations)


@pytest.fixture(scope="session")
def chromium():
    """One Debian Chromium for the whole session, driven by Playwright's sync API.

    Shared by every app's browser tests: two sync Playwright instances cannot live in one
    thread. Never `playwright install`; skipped with the reason when Chromium is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} absent : tests navigateur ignorés (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser(chromium):
    """The session's Chromium, under the name every browser test uses."""
    return chromium


@pytest.fixture
def live(live_server, transactional_db):
    """The live server's URL (regions are put back after each flush, see above)."""
    return live_server.url


@pytest.fixture
def task_queue(settings, monkeypatch):
    """Tasks queued in the database, as in production (the suite otherwise runs them inline):
    returns `run()`, which runs `cahier worker --batch` once and gives the tasks' results."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker drops connections in a transaction it did not open: here, the test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> list:
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        return list(DBTaskResult.objects.order_by("enqueued_at"))

    return run

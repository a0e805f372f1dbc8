"""What each page of the load-test mix costs at the size of the catalogue in the database
(benchmark, not a test): time, body size, SQL queries and memory, one page at a time.

Runs the Django stack in-process (middleware, views, templates; no network) with the whole-page
cache turned off (every request is rendered), against the database of DATABASE_URL:

    DATABASE_URL=sqlite:////work/bench/pages-100k.sqlite3 .venv/bin/python scripts/measure_pages.py

For each page: the first request of the process (« 1re », per-process structures built), then
the median of --rounds more (« ensuite »), the body in kB, the SQL queries of one request, and
the peak of Python allocations during one request (tracemalloc, MB; a streamed body is read
through, as a client would) and the resident memory (RSS) of the process after it. First, the
RSS after building each per-process structure of the search (what `engine.warm()` builds)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["CAHIER_PAGE_CACHE"] = "0"  # every request rendered

import django

django.setup()

from django.conf import settings  # noqa: E402

# Plain static URLs: no collected manifest needed (the pages' own cost is measured).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cahier.catalogue.models import Initiative, Keyword, Region  # noqa: E402


def pages() -> list[tuple[str, str]]:
    """(label, URL) of each kind of page the load test asks (scripts/loadtest.py WEIGHTS)."""
    published = Initiative.objects.published()
    slug = published.order_by("pk").values_list("slug", flat=True).last()
    region = (
        Region.objects.filter(initiatives__in=published)
        .values_list("slug", flat=True)
        .order_by("slug")
        .first()
    )
    keyword = Keyword.objects.order_by("slug").values_list("slug", flat=True).first()
    return [
        ("accueil", "/"),
        ("repères", "/reperes/"),
        ("glossaire", "/glossaire/"),
        ("régions", "/regions/"),
        ("portail région", f"/regions/{region}/"),
        ("résultats", "/initiatives/"),
        ("résultats-recherche", "/initiatives/?q=mobilit%C3%A9"),
        ("résultats-filtres", f"/initiatives/?region={region}&mot_cle={keyword}"),
        ("fiche", f"/initiatives/{slug}/"),
        ("api-recherche", "/api/v1/initiatives?q=insertion"),
        ("api-fiche", f"/api/v1/initiatives/{slug}"),
        ("export-csv région", f"/api/v1/exports/initiatives.csv?region={region}"),
        (
            "export-csv région+mot",
            f"/api/v1/exports/initiatives.csv?region={region}&keyword={keyword}",
        ),
    ]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def measure(client: Client, url: str, rounds: int) -> dict:
    started = time.perf_counter()
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    size = len(body(first))
    first_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as queries:
        body(client.get(url))
    # Counted now: the captured list is a view of the connection's log, which the next
    # request empties.
    query_count = len(queries)
    tracemalloc.start()
    body(client.get(url))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        body(client.get(url))
        times.append((time.perf_counter() - started) * 1000)
    return {
        "first_ms": first_ms,
        "ms": statistics.median(times) if times else first_ms,
        "kb": size / 1000,
        "queries": query_count,
        "peak_mb": peak / 1e6,
    }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def structures() -> None:
    """RSS after building each per-process structure of the search, as `engine.warm()` does."""
    import gc

    from cahier.search.facets import facet_index
    from cahier.search.ordering import warm_orders
    from cahier.search.query import lexicon, vocabulary

    for label, build in (
        ("ensembles de bits des facettes", facet_index),
        ("vocabulaire", vocabulary),
        ("lexique", lexicon),
        ("ordres de tri", warm_orders),
    ):
        before = rss_mb()
        started = time.perf_counter()
        build()
        gc.collect()
        print(
            f"- {label} : {(time.perf_counter() - started) * 1000:.0f} ms, "
            f"RSS {before:.0f} → {rss_mb():.0f} Mio"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="étiquettes séparées par des virgules")
    args = parser.parse_args()
    count = Initiative.objects.published().count()
    print(f"{count} fiches publiées ; RSS au départ {rss_mb():.0f} Mio")
    structures()
    print(
        "| page | 1re (ms) | ensuite (ms) | corps (ko) | requêtes SQL | pic Python (Mo) | RSS après (Mio) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    client = Client(HTTP_HOST="127.0.0.1")
    wanted = set(args.only.split(",")) if args.only else None
    for label, url in pages():
        if wanted and label not in wanted:
            continue
        m = measure(client, url, args.rounds)
        print(
            f"| {label} | {m['first_ms']:.0f} | {m['ms']:.0f} | {m['kb']:.1f} "
            f"| {m['queries']} | {m['peak_mb']:.1f} | {rss_mb():.0f} |"
        )
    print(f"RSS à la fin {rss_mb():.0f} Mio")


if __name__ == "__main__":
    main()

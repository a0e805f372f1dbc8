"""What each export costs at the size of the catalogue in the database (benchmark, not a test):
time, body size, SQL queries and peak memory, one export per fresh process.

Runs the Django stack in-process (middleware, the API view; no network) against the database
of DATABASE_URL:

    DATABASE_URL=sqlite:////work/bench/exports-100k.sqlite3 .venv/bin/python scripts/measure_exports.py
    … scripts/measure_exports.py --only csv,json --scope search   # a part of the table

Each export (format × scope) runs in a child process of its own, so that its peak resident
memory (`ru_maxrss`) is its own: « pic RSS » is that peak minus the RSS of the child before the
export (Django loaded, search structures warm, an export of no fiche already run).
The body is read through and dropped a chunk at a time, as a client would. Scopes: « search »
is a region and a keyword (the load test's export: 612 fiches on the 100 000 benchmark base), « region » the
whole region, « whole » the catalogue with no filter. Time is the median of --rounds requests
(the first one included), wall clock and CPU time of the process (SQLite runs in it: on a
shared machine the CPU time is the steadier figure), the SQL count that of one request."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = {
    "csv": "initiatives.csv",
    "csv-fr": "initiatives-tableur.csv",
    "json": "initiatives.json",
    "xlsx": "initiatives.xlsx",
    "di-services": "data-inclusion/services.json",
    "di-structures": "data-inclusion/structures.json",
}
SCOPES = ("search", "region", "whole")


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["CAHIER_PAGE_CACHE"] = "0"
    import django

    django.setup()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _params(scope: str) -> dict:
    """The region with the most published fiches, and its most used keyword (« search »)."""
    from django.db.models import Count

    from cahier.catalogue.models import Initiative, Keyword, Region

    if scope == "whole":
        return {}
    published = Initiative.objects.published()
    region = (
        Region.objects.filter(initiatives__in=published)
        .annotate(n=Count("initiatives"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    if scope == "region":
        return {"region": region}
    keyword = (
        Keyword.objects.filter(initiatives__in=published.filter(region__slug=region))
        .annotate(n=Count("initiatives"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    return {"region": region, "keyword": keyword}


def _read(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def child(export: str, scope: str, rounds: int) -> dict:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cahier.search import engine

    engine.warm()
    params = _params(scope)
    client = Client(HTTP_HOST="127.0.0.1")
    # Warm what a first request of any export builds (search structures, code paths): an
    # export of no fiche (a word no fiche holds, taken as typed).
    warm = client.get("/api/v1/exports/initiatives.csv", {"q": "zqxjw", "correct_typos": "non"})
    assert warm.status_code == 200, warm.status_code
    _read(warm)
    url = f"/api/v1/exports/{FORMATS[export]}"
    before = rss_mb()
    times, cpu, size = [], [], 0
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        size = _read(response)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with CaptureQueriesContext(connection) as queries:
        _read(client.get(url, params))
    return {
        "export": export,
        "scope": scope,
        "params": params,
        "ms": statistics.median(times),
        "cpu_ms": statistics.median(cpu),
        "kb": size / 1000,
        "queries": len(queries),
        "peak_mb": peak - before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", help="formats séparés par des virgules : " + ",".join(FORMATS))
    parser.add_argument("--scope", help="portées séparées par des virgules : " + ",".join(SCOPES))
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "SCOPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, rounds=args.rounds)))
        return
    exports = args.only.split(",") if args.only else list(FORMATS)
    scopes = args.scope.split(",") if args.scope else list(SCOPES)
    print(f"charge : {os.getloadavg()[0]:.1f}")
    print("| export | portée | ms | ms CPU | corps (ko) | requêtes SQL | pic RSS (Mio) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for scope in scopes:
        for export in exports:
            output = subprocess.run(
                [sys.executable, __file__, "--rounds", str(args.rounds), "--child", export, scope],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            m = json.loads(output.strip().splitlines()[-1])
            print(
                f"| {export} | {scope} {m['params'] or ''} | {m['ms']:.0f} | {m['cpu_ms']:.0f} "
                f"| {m['kb']:.0f} "
                f"| {m['queries']} | {m['peak_mb']:.0f} |",
                flush=True,
            )
    print(f"charge : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

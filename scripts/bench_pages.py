"""Server time of the fiche page and the results page (benchmark, not a test).

Runs the Django stack in-process (middleware, views, templates; no network) against the
database of the current settings, by default var/cahier.sqlite3 with the 2019 cahier
(`cahier migrate && cahier bootstrap`). Prints p50/p95 in milliseconds.

    .venv/bin/python scripts/bench_pages.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()

from django.test import Client  # noqa: E402

from cahier.catalogue.models import Initiative  # noqa: E402

RESULTS_URLS = [  # cycled in this order
    "/initiatives/",
    "/initiatives/?q=mobilit%C3%A9",
    "/initiatives/?q=jeunes+d%C3%A9crocheurs",
    "/initiatives/?q=emploi&region=hauts-de-france",
    "/initiatives/?mot_cle=mobilite&tri=titre",
    "/initiatives/?q=insertion&page=2",
]


def measure(client: Client, urls: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU times (ms) of *rounds* requests.

    On a shared machine the wall clock includes waiting for a core; the process CPU time
    (SQLite runs in-process) shows what the page itself costs."""
    for url in urls[:10]:  # warm caches (glossary regex, facet index, templates)
        assert client.get(url).status_code == 200, url
    wall, cpu = [], []
    for index in range(rounds):
        url = urls[index % len(urls)]
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, url
    return wall, cpu


def _p(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def report(name: str, timings: tuple[list[float], list[float]]) -> None:
    wall, cpu = sorted(timings[0]), sorted(timings[1])
    print(
        f"{name:<10} n={len(wall):<4} temps réel p50={statistics.median(wall):6.1f} ms"
        f" p95={_p(wall, 0.95):6.1f} ms | CPU p50={statistics.median(cpu):6.1f} ms"
        f" p95={_p(cpu, 0.95):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    slugs = list(Initiative.objects.published().order_by("pk").values_list("slug", flat=True))
    if not slugs:
        sys.exit("Aucune initiative publiée : lancez `cahier bootstrap` d'abord.")
    print(f"{len(slugs)} initiatives publiées")
    # An even spread of fiches (all of them for the 2019 cahier).
    slugs = slugs[:: max(1, len(slugs) // args.rounds)][: args.rounds]
    report("fiche", measure(client, [f"/initiatives/{s}/" for s in slugs], args.rounds))
    report("résultats", measure(client, RESULTS_URLS, args.rounds))


if __name__ == "__main__":
    main()

"""What counting a reading costs: times N GETs of one fiche page as a reader's browser (counted)
and N as a robot (same page, same middleware, not counted), interleaved by blocks of 10 so that
both see the same machine load, and prints the medians and means.

    .venv/bin/python scripts/bench_fiche_views.py http://127.0.0.1:8000 ma-fiche 200

Loopback servers only: it is a developer tool (docs/living-catalogue.md « Consultations »)."""

import statistics
import sys
import time
import urllib.request

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
ROBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BLOCK = 10


def timed_get(url: str, user_agent: str) -> float:
    # Loopback developer tool: the URL is the one typed on the command line.
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})  # noqa: S310
    start = time.perf_counter()
    with urllib.request.urlopen(request) as response:  # noqa: S310
        response.read()
        assert response.status == 200
    return (time.perf_counter() - start) * 1000


def main(base: str, slug: str, total: int) -> None:
    url = f"{base.rstrip('/')}/initiatives/{slug}/"
    for _ in range(BLOCK):  # warm both workers' caches
        timed_get(url, ROBOT)
    times: dict[str, list[float]] = {"compté": [], "non compté": []}
    while len(times["compté"]) < total:
        times["compté"] += [timed_get(url, BROWSER) for _ in range(BLOCK)]
        times["non compté"] += [timed_get(url, ROBOT) for _ in range(BLOCK)]
    for label, values in times.items():
        print(
            f"{label:>10} : {len(values)} requêtes, médiane {statistics.median(values):.1f} ms, "
            f"moyenne {statistics.fmean(values):.1f} ms"
        )
    gap = statistics.median(times["compté"]) - statistics.median(times["non compté"])
    print(f"coût du comptage (écart des médianes) : {gap:+.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200)

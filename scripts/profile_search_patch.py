"""Where the first query after an edit spends its time: each patch step of the per-process
search structures (cahier/search/state.py), timed inside one process on a copy of a database.

    python scripts/profile_search_patch.py --database-url sqlite:///var/bench/edit-100000.sqlite3
    python scripts/profile_search_patch.py --database-url postgresql://…/cahier_x --profile

The process warms its structures (as a gunicorn worker at start) and asks the query mix of
scripts/bench_search_edit.py through the API (Django test client) until every word is cached;
then, `--edits` times, edits a fiche through the services (the index follows in the same
transaction) and asks the next query of the mix. Reported per edit: the query's latency, the
time of each structure's patch and of reading the change log, and the query once patched
(the machine's own speed at that moment). `--profile`: cProfile of the first query after the
first edit. THE DATABASE IS WRITTEN: give a copy."""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search_edit import QUERIES, percentile, setup_django  # noqa: E402


def _timed_state(timings: dict) -> None:
    """Wrap state.cached's patch functions and the change-log read with timers."""
    from cahier.search import state

    cached, changes_since = state.cached, state._changes_since

    def timed_cached(name, build, patch=None):
        if patch is None:
            return cached(name, build)

        def timed_patch(old, change, patch=patch):
            started = time.perf_counter()
            try:
                return patch(old, change)
            finally:
                timings[name] += time.perf_counter() - started

        return cached(name, build, timed_patch)

    def timed_changes_since(label, current):
        started = time.perf_counter()
        try:
            return changes_since(label, current)
        finally:
            timings["change log"] += time.perf_counter() - started

    state.cached = timed_cached
    state._changes_since = timed_changes_since


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.test import Client

    from cahier.catalogue import services
    from cahier.catalogue.models import Initiative
    from cahier.search import engine

    client = Client(HTTP_HOST="127.0.0.1")

    def ask(params) -> float:
        started = time.perf_counter()
        response = client.get("/api/v1/initiatives", params)
        assert response.status_code == 200, response.content[:300]
        return time.perf_counter() - started

    started = time.perf_counter()
    engine.warm()
    print(json.dumps({"warm_s": round(time.perf_counter() - started, 2)}))
    for params in QUERIES * 2:
        ask(params)
    timings: dict = defaultdict(float)
    _timed_state(timings)
    fiches = list(Initiative.objects.published().order_by("-pk")[: args.edits])
    firsts, thens = [], []
    for number, initiative in enumerate(fiches):
        data = services.InitiativeData.from_initiative(initiative)
        data.description += f" Phrase ajoutée numéro {number}."
        services.initiative_update(
            initiative=initiative, data=data, expected_version=initiative.version
        )
        params = QUERIES[number % len(QUERIES)]
        timings.clear()
        if args.profile and number == 0:
            profiler = cProfile.Profile()
            first = profiler.runcall(ask, params)
        else:
            first = ask(params)
        then = ask(params)
        firsts.append(first)
        thens.append(then)
        steps = {name: round(seconds * 1000, 1) for name, seconds in timings.items()}
        print(
            json.dumps(
                {
                    "edit": number,
                    "params": params,
                    "first_ms": round(first * 1000, 1),
                    "then_ms": round(then * 1000, 1),
                    "patch_ms": steps,
                },
                ensure_ascii=False,
            )
        )
        if args.profile and number == 0:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    print(
        json.dumps(
            {
                "first_p50_ms": round(percentile(firsts, 0.5) * 1000, 1),
                "first_p95_ms": round(percentile(firsts, 0.95) * 1000, 1),
                "then_p50_ms": round(percentile(thens, 0.5) * 1000, 1),
                "load": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main()

"""Search benchmark: indexing throughput and API latency (p50/p95) at several catalogue sizes.

    python scripts/bench_search.py [--sizes 1000,10000,100000] [--backends sqlite,postgresql]

Each (backend, size) runs in its own process on its own database — a SQLite file under
var/bench/ or the PostgreSQL database `cahier_bench` (dropped and recreated; --pg-url to
change) — holding the 2019 cahier plus synthetic fiches (scripts/generate_initiatives.py). The
query mix (one word, several words, acronym, typo, place, filters, listing; facets always on)
goes through the API with Django's test client, after one warm-up round that fills the
per-process caches (the cold first query is reported apart). Then the same queries go over HTTP
on loopback to `cahier serve` started on that database (scripts/local_server.py, sequential
requests, after one warm-up round per worker): the in-process figure is what the search costs,
the server one adds gunicorn, the production middleware and the network stack (--no-server to
skip it)."""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

QUERIES = [
    ("un mot", {"q": "mobilité"}),
    ("un mot", {"q": "insertion"}),
    ("un mot", {"q": "numérique"}),
    ("plusieurs mots", {"q": "insertion des jeunes par le sport"}),
    ("plusieurs mots", {"q": "accompagnement des demandeurs d'emploi de longue durée"}),
    ("plusieurs mots", {"q": "hébergement d'urgence et retour à l'emploi"}),
    ("sigle", {"q": "NEET"}),
    ("sigle", {"q": "RQTH"}),
    ("sigle", {"q": "usagers de drogues"}),
    ("faute de frappe", {"q": "mobilitée"}),
    ("faute de frappe", {"q": "handicap psichique"}),
    ("lieu", {"q": "Marseille"}),
    ("lieu", {"q": "outre-mer"}),
    ("lieu", {"q": "emploi des jeunes Bretagne"}),
    ("filtres", {"q": "emploi", "region": "bretagne"}),
    ("filtres", {"q": "jeunes", "keyword": ["mobilite", "sport"], "region": "normandie"}),
    ("liste", {}),
    ("liste", {"region": "occitanie", "year": "2018"}),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def through_server(rounds: int) -> dict:
    """The query mix over HTTP against `cahier serve` on the current database."""
    import httpx
    import local_server
    from django.db import connections

    connections.close_all()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    var_dir = ROOT / "var" / "bench" / "serve"
    var_dir.mkdir(parents=True, exist_ok=True)
    server = local_server.start(os.environ["DATABASE_URL"], port, var_dir, [])
    try:
        local_server.wait_ready(base, server)
        with httpx.Client(base_url=base, timeout=120) as client:
            for _ in range(4):  # each worker warm (requests land on any of them)
                for _, params in QUERIES:
                    assert client.get("/api/v1/initiatives", params=params).status_code == 200
            samples = []
            for _ in range(rounds):
                for _, params in QUERIES:
                    started = time.perf_counter()
                    response = client.get("/api/v1/initiatives", params=params)
                    samples.append(time.perf_counter() - started)
                    assert response.status_code == 200
    finally:
        local_server.stop(server)
    return {
        "http_p50_ms": round(percentile(samples, 0.5) * 1000, 1),
        "http_p95_ms": round(percentile(samples, 0.95) * 1000, 1),
    }


def run_one(backend: str, size: int, pg_url: str, rounds: int, server: bool = True) -> dict:
    if backend == "sqlite":
        path = ROOT / "var" / "bench" / f"bench-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base, _, name = pg_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = pg_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from generate_initiatives import generate

    with open(os.devnull, "w") as quiet:
        call_command("migrate", "--no-input", verbosity=0)
        call_command("bootstrap", stdout=quiet, stderr=quiet)
    from cahier.catalogue import services
    from cahier.catalogue.models import Initiative

    reindex_seconds = generate(max(0, size - Initiative.objects.count()), progress=lambda _: None)
    total = Initiative.objects.published().count()

    client = Client(HTTP_HOST="localhost")
    started = time.perf_counter()
    assert client.get("/api/v1/initiatives", {"q": "emploi"}).status_code == 200
    cold = time.perf_counter() - started

    for _, params in QUERIES:  # warm-up round
        assert client.get("/api/v1/initiatives", params).status_code == 200
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        for kind, params in QUERIES:
            started = time.perf_counter()
            response = client.get("/api/v1/initiatives", params)
            samples.setdefault(kind, []).append(time.perf_counter() - started)
            assert response.status_code == 200

    # One more round with the per-word match cache emptied before each query (engine.
    # _match_bits): what a query costs the first time its words are seen.
    from cahier.search import state

    cold_samples: list[float] = []
    for _, params in QUERIES:
        state._local.pop("phrase_bits", None)
        started = time.perf_counter()
        assert client.get("/api/v1/initiatives", params).status_code == 200
        cold_samples.append(time.perf_counter() - started)

    # One edit through the services: the index follows in the same transaction.
    initiative = Initiative.objects.order_by("-pk").first()
    data = services.InitiativeData.from_initiative(initiative)
    data.description += " Nouvelle phrase."
    started = time.perf_counter()
    services.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )
    update = time.perf_counter() - started

    everything = [value for values in samples.values() for value in values]
    return {
        **(through_server(rounds) if server else {}),
        "backend": backend,
        "size": total,
        "reindex_s": round(reindex_seconds, 1),
        "docs_per_s": round(total / reindex_seconds) if reindex_seconds else None,
        "update_ms": round(update * 1000, 1),
        "cold_ms": round(cold * 1000),
        "p50_ms": round(percentile(everything, 0.5) * 1000, 1),
        "p95_ms": round(percentile(everything, 0.95) * 1000, 1),
        "uncached_p50_ms": round(percentile(cold_samples, 0.5) * 1000, 1),
        "uncached_p95_ms": round(percentile(cold_samples, 0.95) * 1000, 1),
        "by_kind": {
            kind: {
                "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            }
            for kind, values in samples.items()
        },
        "samples": len(everything),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/cahier_bench")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-server", dest="server", action="store_false")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:
        backend, size = args.one.split(":")
        result = run_one(backend, int(size), args.pg_url, args.rounds, args.server)
        print(json.dumps(result))
        return

    results = []
    for backend in args.backends.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            command = [
                sys.executable,
                __file__,
                "--one",
                f"{backend}:{size}",
                "--pg-url",
                args.pg_url,
                "--rounds",
                str(args.rounds),
                *([] if args.server else ["--no-server"]),
            ]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            result = json.loads(output.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)

    print()
    print(
        "| moteur | fiches | indexation (fiches/s) | modification (ms) | 1re requête (ms) "
        "| p50 (ms) | p95 (ms) | pire p95 par type (ms) | sans cache de mots p50 / p95 (ms) "
        "| HTTP p50 / p95 (ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for r in results:
        worst = max(r["by_kind"].items(), key=lambda item: item[1]["p95_ms"])
        print(
            f"| {r['backend']} | {r['size']} | {r['docs_per_s']} | {r['update_ms']} | "
            f"{r['cold_ms']} | {r['p50_ms']} | {r['p95_ms']} | {worst[0]} : {worst[1]['p95_ms']} | "
            f"{r['uncached_p50_ms']} / {r['uncached_p95_ms']} | "
            f"{r.get('http_p50_ms', '—')} / {r.get('http_p95_ms', '—')} |"
        )


if __name__ == "__main__":
    main()

"""Search after an edit, through `cahier serve` over HTTP: the first query of a fresh server and
the first query of each worker after an edit made by another process.

    python scripts/bench_search_edit.py prepare --backend sqlite --size 100000
    python scripts/bench_search_edit.py measure --backend sqlite --size 100000 [--edits 20]

`prepare` fills a database (the 2019 cahier plus synthetic fiches, scripts/generate_initiatives.py):
a SQLite file under var/bench/ or the PostgreSQL database given by --pg-url (dropped and
recreated). `measure` starts `cahier serve --workers 2 --no-worker` on that database and reports:

- boot: seconds from the start of the server to its first answer (a fiche listing with facets);
- first query: that first answer's own latency, asked once the server accepts connections
  (the « new process » case), then a second fresh server asked once a worker has answered
  /robots.txt (the application loaded, and warmed if it does); steady: the query mix once
  every worker is warm, no edit (the machine's own speed, for comparison);
- after edit: `--edits` times, this process edits a fiche through the services (the index
  follows in the same transaction), waits 0.3 s (longer than the generation poll, so each
  worker has to notice), then asks both workers a query at once (two concurrent requests); the
  latency of each is one sample. p50 / p95 / max over the samples. « pair, no edit »: the same
  pairs of concurrent queries without an edit before them (two requests at once on this
  machine, now: the part of the after-edit figures that is not the edit's). The whole-page cache
is off (CAHIER_PAGE_CACHE=0): every figure is a search.

The query mix rotates through the same kinds as scripts/bench_search.py."""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

QUERIES = [
    {"q": "mobilité"},
    {"q": "insertion des jeunes par le sport"},
    {"q": "NEET"},
    {"q": "mobilitée"},
    {"q": "Marseille"},
    {"q": "emploi", "region": "bretagne"},
    {},
    {"region": "occitanie", "year": "2018", "sort": "titre"},
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def database_url(backend: str, size: int, pg_url: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{ROOT / 'var' / 'bench' / f'edit-{size}.sqlite3'}"
    return pg_url


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def prepare(backend: str, size: int, pg_url: str) -> None:
    url = database_url(backend, size, pg_url)
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        base, _, name = pg_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    setup_django(url)
    from django.core.management import call_command
    from generate_initiatives import generate

    from cahier.catalogue.models import Initiative

    with open(os.devnull, "w") as quiet:
        call_command("migrate", "--no-input", verbosity=0)
        call_command("bootstrap", stdout=quiet, stderr=quiet)
    seconds = generate(max(0, size - Initiative.objects.count()), progress=lambda _: None)
    print(json.dumps({"published": Initiative.objects.published().count(), "reindex_s": seconds}))


def _get(base: str, params: dict) -> float:
    import httpx

    started = time.perf_counter()
    response = httpx.get(f"{base}/api/v1/initiatives", params=params, timeout=120)
    assert response.status_code == 200, response.text[:500]
    return time.perf_counter() - started


def _pair(base: str, params: dict) -> list[float]:
    """Two concurrent requests (one per worker, each busy with its own): both latencies."""
    answers: list[float] = []
    threads = [
        threading.Thread(target=lambda: answers.append(_get(base, params))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _serve(url: str, port: int, var_dir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CAHIER_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SECRET_KEY": "bench-only",
        "DEBUG": "0",
        # Off: the whole-page cache would answer the steady and paired queries from memory
        # while an edit empties it, and « after edit » would weigh a search against none.
        "CAHIER_PAGE_CACHE": "0",
    }
    # What `cahier serve --workers 2 --no-worker` execs, run from ROOT: a copy of an older
    # tree (the « before » figures) serves its own code.
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--timeout",
        "60",
    ]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _connectable(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def measure(backend: str, size: int, pg_url: str, port: int, edits: int) -> dict:
    url = database_url(backend, size, pg_url)
    setup_django(url)
    from cahier.catalogue import services
    from cahier.catalogue.models import Initiative

    base = f"http://127.0.0.1:{port}"
    var_dir = ROOT / "var" / "bench" / f"edit-var-{port}"
    var_dir.mkdir(parents=True, exist_ok=True)
    result: dict = {"backend": backend, "size": Initiative.objects.published().count()}

    # A fresh server asked as soon as it accepts connections.
    started = time.perf_counter()
    server = _serve(url, port, var_dir)
    try:
        while not _connectable(port):
            if server.poll() is not None:
                raise SystemExit(f"le serveur s'est arrêté ({server.returncode})")
            time.sleep(0.05)
        first = _get(base, {"q": "emploi"})
        result["boot_to_first_answer_s"] = round(time.perf_counter() - started, 2)
        result["first_query_s"] = round(first, 3)
    finally:
        _stop(server)

    # A fresh server asked once a worker answers a page without search (it has loaded the
    # application, and warmed the search if it does so at start).
    server = _serve(url, port, var_dir)
    try:
        import httpx

        while True:
            try:
                if httpx.get(f"{base}/robots.txt", timeout=120).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        result["first_query_when_ready_s"] = round(_get(base, {"q": "emploi"}), 3)
        for params in QUERIES * 2:  # every worker warm, every query's words seen
            _get(base, params)
        steady = [_get(base, params) for params in QUERIES]
        result["steady_p50_ms"] = round(percentile(steady, 0.5) * 1000, 1)
        result["steady_p95_ms"] = round(percentile(steady, 0.95) * 1000, 1)

        # The same pairs of concurrent queries without an edit: what two requests at once cost
        # on this machine now (the after-edit figures include it).
        pairs: list[float] = []
        for number in range(edits):
            time.sleep(0.3)
            pairs += _pair(base, QUERIES[number % len(QUERIES)])
            time.sleep(0.3)
        result["pair_no_edit_p50_ms"] = round(percentile(pairs, 0.5) * 1000, 1)
        result["pair_no_edit_p95_ms"] = round(percentile(pairs, 0.95) * 1000, 1)

        samples: list[float] = []
        fiches = list(Initiative.objects.published().order_by("-pk")[:edits])
        for number, initiative in enumerate(fiches):
            data = services.InitiativeData.from_initiative(initiative)
            data.description += f" Phrase ajoutée numéro {number}."
            services.initiative_update(
                initiative=initiative, data=data, expected_version=initiative.version
            )
            time.sleep(0.3)
            samples += _pair(base, QUERIES[number % len(QUERIES)])
            time.sleep(0.3)
        result["after_edit_p50_ms"] = round(percentile(samples, 0.5) * 1000, 1)
        result["after_edit_p95_ms"] = round(percentile(samples, 0.95) * 1000, 1)
        result["after_edit_max_ms"] = round(max(samples) * 1000, 1)
        result["samples"] = len(samples)
    finally:
        _stop(server)
    result["load"] = os.getloadavg()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["prepare", "measure"])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/cahier_bench")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    if args.action == "prepare":
        prepare(args.backend, args.size, args.pg_url)
    else:
        result = measure(args.backend, args.size, args.pg_url, args.port, args.edits)
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

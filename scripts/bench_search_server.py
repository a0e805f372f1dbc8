"""Search latency through `cahier serve` (HTTP), on an existing database, and the memory of each
gunicorn worker.

    python scripts/bench_search_server.py --database-url postgresql://…/cahier_bench100k \
        [--port 8130] [--tree /path/to/an/older/checkout] [--rounds 3]

Starts gunicorn with 2 workers (what `cahier serve --workers 2 --no-worker` execs) from --tree
(default: this checkout; an older tree serves its own code, for « before » figures), waits
until both workers answer, then measures, one request at a time:

- distinct: DISTINCT, 60 needs whose words no other query of the run uses, each asked once on
  a fresh server — the words no process has seen yet (each query pays for its words' sets);
- repeated: the query mix of scripts/bench_search.py, one warm-up round, then --rounds rounds;
- rss_mb: the resident memory of each worker (ps) at the end.

Every request asks for facets (the API always computes them). p50 / p95 / max in ms, and the
load average (1 min) before and after."""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search import QUERIES as REPEATED  # noqa: E402
from bench_search_edit import percentile  # noqa: E402

# 60 needs a reader of the catalogue could type; no two share a content word, and none shares
# one with the repeated mix (mobilité, insertion, jeunes, emploi…), so each is unseen.
DISTINCT = [
    {"q": "restauration collective"},
    {"q": "maraîchage biologique"},
    {"q": "chauffeur poids lourd"},
    {"q": "aide à domicile"},
    {"q": "illettrisme"},
    {"q": "réfugiés"},
    {"q": "détenus"},
    {"q": "créateurs d'entreprise"},
    {"q": "seniors"},
    {"q": "quartiers prioritaires"},
    {"q": "bâtiment travaux publics"},
    {"q": "agriculture"},
    {"q": "tourisme saisonnier"},
    {"q": "logistique entrepôt"},
    {"q": "garde d'enfants"},
    {"q": "femmes isolées"},
    {"q": "apprentissage"},
    {"q": "alternance"},
    {"q": "microcrédit"},
    {"q": "permis de conduire"},
    {"q": "covoiturage"},
    {"q": "recyclerie"},
    {"q": "économie circulaire"},
    {"q": "espaces verts"},
    {"q": "propreté urbaine"},
    {"q": "santé mentale"},
    {"q": "addictions"},
    {"q": "sans domicile"},
    {"q": "gens du voyage"},
    {"q": "ruralité"},
    {"q": "montagne"},
    {"q": "industrie"},
    {"q": "informatique"},
    {"q": "langue française"},
    {"q": "médiation culturelle"},
    {"q": "théâtre"},
    {"q": "musique"},
    {"q": "parrainage"},
    {"q": "mentorat"},
    {"q": "bénévoles"},
    {"q": "coopérative"},
    {"q": "groupement d'employeurs"},
    {"q": "intérim"},
    {"q": "bilan de compétences"},
    {"q": "validation des acquis"},
    {"q": "diplôme"},
    {"q": "lycée professionnel"},
    {"q": "étudiants"},
    {"q": "université"},
    {"q": "banlieue"},
    {"q": "prévention spécialisée"},
    {"q": "protection judiciaire"},
    {"q": "aide sociale enfance"},
    {"q": "conciergerie"},
    {"q": "artisanat", "region": "normandie"},
    {"q": "pêche", "region": "bretagne"},
    {"q": "viticulture", "region": "occitanie"},
    {"q": "hôtellerie", "region": "provence-alpes-cote-d-azur"},
    {"q": "forêt bois", "region": "grand-est"},
    {"q": "commerce", "year": "2018"},
]


def _get(base: str, params: dict) -> float:
    import httpx

    started = time.perf_counter()
    response = httpx.get(f"{base}/api/v1/initiatives", params=params, timeout=120)
    assert response.status_code == 200, response.text[:500]
    assert "facets" in response.json()
    return time.perf_counter() - started


def _serve(url: str, port: int, tree: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CAHIER_VAR_DIR": str(ROOT / "var" / "bench" / f"server-var-{port}"),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SECRET_KEY": "bench-only",
        "DEBUG": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120"]
    return subprocess.Popen(
        command, env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_ready(base: str, server: subprocess.Popen) -> float:
    import httpx

    started = time.perf_counter()
    while True:
        if server.poll() is not None:
            raise SystemExit(f"le serveur s'est arrêté ({server.returncode})")
        try:
            if httpx.get(f"{base}/robots.txt", timeout=120).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.2)


def _worker_rss_mb(master: int) -> list[float]:
    """VmRSS of each child of the gunicorn master (what `ps -o rss --ppid` shows)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def _summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 0.5) * 1000, 1),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


def measure(url: str, port: int, tree: Path, rounds: int) -> dict:
    base = f"http://127.0.0.1:{port}"
    result: dict = {"tree": str(tree), "load_before": round(os.getloadavg()[0], 2)}
    server = _serve(url, port, tree)
    try:
        result["ready_s"] = round(_wait_ready(base, server), 1)
        # Both workers warm (each builds its structures at start): a listing per worker.
        for _ in range(4):
            _get(base, {})
        distinct = [_get(base, params) for params in DISTINCT]
        result["distinct"] = _summary(distinct)
        repeated_mix = [params for _, params in REPEATED]
        for params in repeated_mix * 2:  # each worker has seen each query
            _get(base, params)
        repeated = [_get(base, params) for _ in range(rounds) for params in repeated_mix]
        result["repeated"] = _summary(repeated)
        result["rss_mb"] = _worker_rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    result["load_after"] = round(os.getloadavg()[0], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.database_url, args.port, args.tree, args.rounds)))


if __name__ == "__main__":
    main()

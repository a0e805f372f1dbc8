"""Search latency through `cahier serve` (HTTP), on an existing database, and the memory of each
gunicorn worker.

    python scripts/bench_search_server.py --database-url postgresql://…/cahier_bench100k \
        [--port 8130] [--tree /path/to/an/older/checkout] [--rounds 3]

Starts gunicorn with 2 workers (what `cahier serve --workers 2 --no-worker` execs) from --tree
(default: this checkout; an older tree serves its own code, for « before » figures), waits
until both workers answer, then measures, one request at a time:

- first: the first two requests of the fresh server (a misspelt word, a derived form), one per
  worker as a rule — what the first reader of a worker waits;
- distinct: DISTINCT, 60 needs whose words no other query of the run uses, each asked once on
  a fresh server — the words no process has seen yet (each query pays for its words' sets);
- repeated: the query mix of scripts/bench_search.py, two warm-up rounds, then --rounds rounds
  (the mix measured before issue 12: comparable with the earlier figures);
- issue12: what issue 12 added (RECOVERIES: misspelt words, derived forms, correct words absent
  from the fiches — the suggestion re-runs the selection —, catalogue values named in the text,
  long multi-concept queries, overseas places), asked once (issue12_unseen), then as repeated;
  per kind, with the recoveries the answers showed (which rung each kind reached);
- all: repeated and issue12 together; rss_mb: the resident memory of each worker at the end.

Every request asks for facets (the API always computes them). The whole-page cache is off
(CAHIER_PAGE_CACHE=0; --page-cache to keep it): a repeated query would otherwise be read from
the cache, not searched. p50 / p95 / max in ms, and the load average (1 min) before and
after."""

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

# What issue 12 added to the search, by kind. None of these words is in DISTINCT.
RECOVERIES = [
    ("faute de frappe", {"q": "mobilte"}),
    ("faute de frappe", {"q": "illetrisme"}),
    ("faute de frappe", {"q": "acompagnement des demandeurs"}),
    ("famille", {"q": "couturière"}),
    ("famille", {"q": "formatrice"}),
    ("famille", {"q": "accompagnateurs"}),
    ("mot absent", {"q": "parler"}),
    ("mot absent", {"q": "jardinier"}),
    ("valeurs", {"q": "projets présentés à la JITE 2019"}),
    ("valeurs", {"q": "initiatives retenues aux Trophées FSE"}),
    ("long", {"q": "insertion des jeunes en milieu rural"}),
    (
        "long",
        {"q": "accompagnement vers l'emploi des femmes isolées avec enfants dans les quartiers"},
    ),
    ("outre-mer", {"q": "Pointe-à-Pitre"}),
    ("outre-mer", {"q": "Saint-Pierre-et-Miquelon"}),
]
FIRST = [{"q": "mobiltié"}, {"q": "formatrices"}]  # a typo and a derived form, seen once

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


_clients: dict = {}


def _get(base: str, params: dict, seen: dict | None = None) -> float:
    """One request's duration; *seen* collects the recoveries shown and the page-cache hits.
    One client for the run: httpx.get() builds a client (and its TLS context) per call, 33 ms
    of the client's own that the figures before 2 December 2026 (issue 12) included."""
    import httpx

    client = _clients.get(base) or _clients.setdefault(base, httpx.Client(timeout=300))
    started = time.perf_counter()
    response = client.get(f"{base}/api/v1/initiatives", params=params)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text[:500]
    data = response.json()
    assert "facets" in data
    if seen is not None:
        seen["hits"] = seen.get("hits", 0) + (response.headers.get("X-Cache") == "HIT")
        for recovery in data.get("recoveries", []):
            kinds = seen.setdefault(params.get("q", ""), set())
            kinds.add(recovery.get("kind"))
    return elapsed


def _serve(url: str, port: int, tree: Path, page_cache: bool = False) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CAHIER_VAR_DIR": str(ROOT / "var" / "bench" / f"server-var-{port}"),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SECRET_KEY": "bench-only",
        "DEBUG": "0",
        "CAHIER_PAGE_CACHE": "1" if page_cache else "0",
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


def _by_kind(mix: list[tuple[str, dict]], samples: list[float]) -> dict:
    kinds: dict[str, list[float]] = {}
    for (kind, _), sample in zip(mix * (len(samples) // len(mix)), samples, strict=True):
        kinds.setdefault(kind, []).append(sample)
    return {kind: _summary(values) for kind, values in kinds.items()}


def _mix(base: str, mix: list[tuple[str, dict]], rounds: int, seen: dict) -> list[float]:
    for _, params in mix * 2:  # each worker has seen each query
        _get(base, params, seen)
    return [_get(base, params, seen) for _ in range(rounds) for _, params in mix]


def measure(url: str, port: int, tree: Path, rounds: int, page_cache: bool = False) -> dict:
    base = f"http://127.0.0.1:{port}"
    result: dict = {"tree": str(tree), "load_before": round(os.getloadavg()[0], 2)}
    server = _serve(url, port, tree, page_cache)
    seen: dict = {}
    try:
        result["ready_s"] = round(_wait_ready(base, server), 1)
        result["first_ms"] = [round(_get(base, params) * 1000, 1) for params in FIRST]
        # Both workers warm (each builds its structures at start): a listing per worker.
        for _ in range(4):
            _get(base, {})
        distinct = [_get(base, params) for params in DISTINCT]
        result["distinct"] = _summary(distinct)
        repeated = _mix(base, REPEATED, rounds, seen)
        result["repeated"] = _summary(repeated)
        result["repeated_by_kind"] = _by_kind(REPEATED, repeated)
        unseen = [_get(base, params, seen) for _, params in RECOVERIES]
        result["issue12_unseen"] = _summary(unseen)
        added = _mix(base, RECOVERIES, rounds, seen)
        result["issue12"] = _summary(added)
        result["issue12_by_kind"] = _by_kind(RECOVERIES, added)
        result["all"] = _summary(repeated + added)
        result["recoveries_shown"] = {
            q: sorted(kinds) for q, kinds in seen.items() if q != "hits" and kinds
        }
        result["page_cache_hits"] = seen.get("hits", 0)
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
    parser.add_argument("--page-cache", action="store_true", help="keep the whole-page cache")
    args = parser.parse_args()
    result = measure(args.database_url, args.port, args.tree, args.rounds, args.page_cache)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

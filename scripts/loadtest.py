"""Load test: N anonymous readers against `cahier serve` on loopback, a realistic read mix.

    python scripts/loadtest.py --database var/loadtest/cahier.sqlite3 --bootstrap --readers 50,200
    python scripts/loadtest.py --database postgresql://postgres@127.0.0.1:5432/cahier_load
    python scripts/loadtest.py --url http://127.0.0.1:8000 --readers 50 --duration 20

With --database (a SQLite path or a PostgreSQL URL) the script starts `cahier serve
--no-worker` on it (scripts/local_server.py: production settings, its own CAHIER_VAR_DIR, file
cache emptied), with the gunicorn options given by --serve (e.g. "--workers 4 --threads 4"),
and stops it at the end; with --url it targets a server already running. Only loopback
addresses are accepted, and every run is bounded twice: --duration seconds AND --max-requests.

Each reader is a loop: pick a page type by weight, send the request, wait for the full answer,
then think for a random time (exponential, mean --think seconds; 0 by default: no think time,
each reader asks again at once — a closed loop, the server is never idle). The readers share one
HTTP client with one keep-alive connection each (as browsers behind one proxy would). Redirects
are not followed (3xx counts as success); an error is any other status or an exception
(timeout, connection refused or reset). A fiche page read this way is counted by the audience
statistics (the User-Agent is a browser's): the database takes those writes, as in production.

The mix (WEIGHTS, in percent) for a reader who arrives from a search engine or the home page:
fiche pages 25, results with a query 15 (a word from QUERY_WORDS or never asked before, taken
from the fiches' titles), results with filters 10, home 10, API search 10 (scripts/
bench_search.py QUERIES), results without anything 8, API record 6, regions (list or one
portal) 5, Repères 4, glossary 4, small filtered CSV export 3. Before the measure, a warm-up
(--warmup seconds, 8 readers) loads every worker; it is not counted.

Reports req/s, p50/p95/p99 overall and per page type, errors, the load average (`uptime`) and
with --markdown a table row for docs/performance.md."""

import argparse
import asyncio
import ipaddress
import json
import math
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

WEIGHTS = {
    "fiche": 25,
    "résultats-recherche": 15,
    "résultats-filtres": 10,
    "accueil": 10,
    "api-recherche": 10,
    "résultats": 8,
    "api-fiche": 6,
    "régions": 5,
    "repères": 4,
    "glossaire": 4,
    "export-csv": 3,
}
QUERY_WORDS = [
    "mobilité", "insertion", "numérique", "jeunes", "handicap", "logement", "formation",
    "insertion des jeunes par le sport", "garage solidaire", "NEET", "RQTH", "Marseille",
    "outre-mer", "chantier d'insertion", "femmes", "réfugiés", "agriculture", "mobilitée",
]  # fmt: skip
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
MAX_DURATION = 3600.0
MAX_REQUESTS = 1_000_000
MAX_READERS = 2000


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: never resolved, never trusted


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The options, refused unless the target is on loopback and the run bounded."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--database", help="fichier SQLite ou URL PostgreSQL : lance le serveur")
    target.add_argument("--url", help="serveur déjà lancé (boucle locale seulement)")
    parser.add_argument("--bootstrap", action="store_true", help="migrate + bootstrap d’abord")
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--serve", default="", help="options de `cahier serve` (--workers …)")
    parser.add_argument("--readers", default="50", help="lecteurs simultanés, ex. 50,200")
    parser.add_argument("--duration", type=float, default=20.0, help="secondes par mesure")
    parser.add_argument("--max-requests", type=int, default=100_000, help="par mesure")
    parser.add_argument("--think", type=float, default=0.0, help="temps de réflexion moyen (s)")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=30.0, help="par requête (s)")
    parser.add_argument("--label", default="", help="colonne « configuration » du tableau")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    if args.url and not _loopback(args.url):
        parser.error("--url : seules les adresses de boucle locale sont acceptées")
    try:
        args.readers = [int(n) for n in args.readers.split(",")]
    except ValueError:
        parser.error("--readers : des nombres séparés par des virgules")
    if not all(0 < n <= MAX_READERS for n in args.readers):
        parser.error(f"--readers : entre 1 et {MAX_READERS}")
    if not (math.isfinite(args.duration) and 0 < args.duration <= MAX_DURATION):
        parser.error(f"--duration : entre 0 et {MAX_DURATION:.0f} secondes")
    if not 0 < args.max_requests <= MAX_REQUESTS:
        parser.error(f"--max-requests : entre 1 et {MAX_REQUESTS}")
    if not (math.isfinite(args.think) and 0 <= args.think <= 60):
        parser.error("--think : entre 0 et 60 secondes")
    return args


class Mix:
    """Builds the next request of a reader: (page type, path, query parameters)."""

    def __init__(self, rng: random.Random, catalogue: dict):
        from bench_search import QUERIES  # the API query list of `make bench`, not a copy

        self.rng = rng
        self.api_queries = [params for _, params in QUERIES]
        self.slugs = catalogue["slugs"]
        self.regions = catalogue["regions"]
        self.keywords = catalogue["keywords"]
        self.fresh = [w for w in catalogue["words"] if w.lower() not in QUERY_WORDS]
        rng.shuffle(self.fresh)
        self.kinds = list(WEIGHTS)
        self.weights = list(WEIGHTS.values())

    def _query(self) -> str:
        # One in three is a word this run has not asked yet (the per-word caches miss).
        if self.fresh and self.rng.random() < 1 / 3:
            return self.fresh.pop()
        return self.rng.choice(QUERY_WORDS)

    def _filters(self) -> dict:
        params: dict = {"region": self.rng.choice(self.regions)}
        if self.keywords and self.rng.random() < 0.5:
            params["mot_cle"] = self.rng.choice(self.keywords)
        if self.rng.random() < 0.5:
            params["q"] = self._query()
        return params

    def next(self) -> tuple[str, str, dict]:
        kind = self.rng.choices(self.kinds, self.weights)[0]
        slug = self.rng.choice(self.slugs)
        match kind:
            case "fiche":
                return kind, f"/initiatives/{slug}/", {}
            case "résultats-recherche":
                return kind, "/initiatives/", {"q": self._query()}
            case "résultats-filtres":
                return kind, "/initiatives/", self._filters()
            case "accueil":
                return kind, "/", {}
            case "api-recherche":
                return kind, "/api/v1/initiatives", self.rng.choice(self.api_queries)
            case "résultats":
                return kind, "/initiatives/", {}
            case "api-fiche":
                return kind, f"/api/v1/initiatives/{slug}", {}
            case "régions":
                if self.rng.random() < 0.5:
                    return kind, "/regions/", {}
                return kind, f"/regions/{self.rng.choice(self.regions)}/", {}
            case "repères":
                return kind, "/reperes/", {}
            case "glossaire":
                return kind, "/glossaire/", {}
        region, keyword = self.rng.choice(self.regions), self.rng.choice(self.keywords or [""])
        return (
            "export-csv",
            "/api/v1/exports/initiatives.csv",
            {
                "region": region,
                **({"keyword": keyword} if keyword else {}),
            },
        )


async def catalogue_sample(client) -> dict:
    """Slugs, title words, regions and keywords of the catalogue, read through the API."""

    async def get(path: str, **params) -> dict:
        async with client.get(path, params=params) as response:
            response.raise_for_status()
            return await response.json()

    first = await get("/api/v1/initiatives", limit=100)
    total = first["count"]
    hits = list(first["results"])
    rng = random.Random(total)
    for offset in rng.sample(range(100, max(100, total)), min(4, max(0, total - 100))):
        hits += (await get("/api/v1/initiatives", limit=100, offset=offset))["results"]
    regions = (await get("/api/v1/regions"))["results"]
    keywords = (await get("/api/v1/keywords"))["results"]
    words = {w.strip(" ,.:;()«»’'\"") for hit in hits for w in hit["title"].split()}
    return {
        "count": total,
        "slugs": sorted({hit["slug"] for hit in hits}),
        "regions": [region["slug"] for region in regions if region["count"]],
        "keywords": [keyword["slug"] for keyword in keywords],
        "words": sorted(w for w in words if len(w) >= 5),
    }


async def run(base: str, readers: int, args, catalogue: dict, *, seconds: float) -> dict:
    import aiohttp

    samples: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    sent = [0]
    deadline = time.monotonic() + seconds

    async def reader(number: int, session) -> None:
        rng = random.Random(args.seed * 10_000 + number)
        mix = Mix(rng, catalogue)
        while time.monotonic() < deadline and sent[0] < args.max_requests:
            sent[0] += 1
            kind, path, params = mix.next()
            started = time.perf_counter()
            try:
                async with session.get(
                    path, params=_pairs(params), allow_redirects=False
                ) as response:
                    await response.read()
                    if not 200 <= response.status < 400:
                        errors[f"{kind} {response.status}"] += 1
            except (TimeoutError, aiohttp.ClientError) as error:
                errors[f"{kind} {type(error).__name__}"] += 1
            samples[kind].append(time.perf_counter() - started)
            if args.think:
                await asyncio.sleep(rng.expovariate(1 / args.think))

    async with _session(base, args.timeout, readers) as session:
        started, cpu = time.monotonic(), time.process_time()
        await asyncio.gather(*(reader(n, session) for n in range(readers)))
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    # The client shares the machine: the processor time it took is the server's loss.
    return {**summarize(samples, errors, elapsed, readers), "client_cpu_s": round(cpu, 1)}


def _pairs(params: dict) -> list[tuple[str, str]]:
    """`{"keyword": ["a", "b"]}` → repeated parameters, as the site and the API read them."""
    return [
        (name, str(value))
        for name, values in params.items()
        for value in (values if isinstance(values, list) else [values])
    ]


def _session(base: str, timeout: float, connections: int):
    """One aiohttp session, a keep-alive connection per reader. Not httpx: on this machine its
    asyncio client took 10.9 ms of processor per request against 0.4 ms for aiohttp (same
    cached page, 50 readers), so the client, not the server, set the throughput."""
    import aiohttp

    return aiohttp.ClientSession(
        base_url=base,
        headers={"User-Agent": USER_AGENT, "Accept-Language": "fr"},
        timeout=aiohttp.ClientTimeout(total=timeout),
        connector=aiohttp.TCPConnector(limit=connections),
    )


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)

    return {"n": len(ordered), "p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def summarize(samples: dict, errors: Counter, elapsed: float, readers: int) -> dict:
    everything = [value for values in samples.values() for value in values]
    return {
        "readers": readers,
        "seconds": round(elapsed, 1),
        "requests": len(everything),
        "req_per_s": round(len(everything) / elapsed, 1),
        **_percentiles(everything or [0.0]),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "by_type": {kind: _percentiles(values) for kind, values in sorted(samples.items())},
        "load": [round(value, 2) for value in os.getloadavg()],
    }


def print_report(result: dict, backend: str, count: int, args) -> None:
    think = f"réflexion {args.think} s" if args.think else "sans temps de réflexion"
    print(
        f"\n{backend}, {count} fiches, {result['readers']} lecteurs ({think}), "
        f"{result['seconds']} s : {result['requests']} requêtes, {result['req_per_s']} req/s, "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
        f"{result['errors']} erreurs, charge {' '.join(map(str, result['load']))}, "
        f"processeur du client {result['client_cpu_s']} s"
    )
    for kind, figures in result["by_type"].items():
        print(
            f"  {kind:<20} n={figures['n']:<6} p50 {figures['p50_ms']:>7} ms  "
            f"p95 {figures['p95_ms']:>7} ms  p99 {figures['p99_ms']:>7} ms"
        )
    if result["error_kinds"]:
        print("  erreurs :", json.dumps(result["error_kinds"], ensure_ascii=False))
    if args.markdown:
        print(
            f"| {backend} | {count} | {args.label or args.serve or 'défaut'} "
            f"| {result['readers']} | {result['req_per_s']} | {result['p50_ms']} "
            f"| {result['p95_ms']} | {result['p99_ms']} | {result['errors']} "
            f"| {result['load'][0]} |"
        )


async def measure_all(base: str, args, backend: str) -> list[dict]:
    async with _session(base, 120, 4) as session:
        catalogue = await catalogue_sample(session)
    if not catalogue["slugs"]:
        raise SystemExit("aucune fiche publiée : --bootstrap, ou une base remplie")
    await run(base, 8, args, catalogue, seconds=args.warmup)
    results = []
    for readers in args.readers:
        result = await run(base, readers, args, catalogue, seconds=args.duration)
        result.update(backend=backend, fiches=catalogue["count"])
        print_report(result, backend, catalogue["count"], args)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> list[dict]:
    args = parse_args(argv)
    if args.url:
        base = args.url.rstrip("/")
        return asyncio.run(measure_all(base, args, args.label or "serveur"))
    import local_server

    url = local_server.database_url(args.database)
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    var_dir = Path(tempfile.gettempdir()) / f"cahier-loadtest-{args.port}"
    local_server.prepare(url, var_dir, bootstrap=args.bootstrap)
    server = local_server.start(url, args.port, var_dir, args.serve.split())
    base = f"http://127.0.0.1:{args.port}"
    try:
        local_server.wait_ready(base, server)
        results = asyncio.run(measure_all(base, args, backend))
        rss = local_server.worker_rss_mib(server)
        print(f"\nmémoire des workers (RSS, Mio) : {rss}")
        for result in results:
            result["worker_rss_mib"] = rss
    finally:
        local_server.stop(server)
    return results


if __name__ == "__main__":
    main()

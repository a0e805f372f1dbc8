"""Cost of the semantic layer (scripts/eval_semantic.py --cost): one subprocess per model, one
thread (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS = 1), sockets refused.

    python scripts/semantic_cost.py MODEL TEXTS.json   (the worker; prints one JSON line)

RSS before and after loading, query encoding over the own set's queries, fiche encoding (both
fiche texts), memory of 100 000 float32 vectors and a cosine top 50 over them. Wall and
processor times: on a shared machine the processor time is the steadier of the two."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_semantic import ROOT, TEXTS, Encoder, fiche_passages, refuse_network


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, *args) -> tuple[float, float]:
    """Wall and processor time of one call, in ms (the processor time tells the cost apart
    from the waiting on a shared, loaded machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def cost_worker(model: str, texts_path: Path) -> dict:
    """Run in a subprocess with one thread (OMP_NUM_THREADS=1 and friends set by the parent)."""
    import numpy as np

    refuse_network()
    data = json.loads(texts_path.read_text(encoding="utf-8"))
    figures: dict = {"model": model, "load_average": os.getloadavg()}
    figures["rss_before_mb"] = rss_mb()
    started = time.perf_counter()
    encoder = Encoder(model, threads=1)
    encoder.queries(["chauffe"])
    figures |= {"dim": encoder.dim, "load_s": time.perf_counter() - started}
    figures["rss_loaded_mb"] = rss_mb()
    latencies = [timed(encoder.queries, [q]) for q in data["queries"]]
    for share in (0.5, 0.95):
        key = round(share * 100)
        figures[f"query_ms_p{key}"] = percentile([wall for wall, _ in latencies], share)
        figures[f"query_cpu_ms_p{key}"] = percentile([cpu for _, cpu in latencies], share)
    figures["queries"] = len(latencies)
    for variant, fiches in data["fiches"].items():
        wall, cpu = timed(encoder.passages, fiches)
        figures[f"fiche_ms_{variant}"] = wall / len(fiches)
        figures[f"fiche_cpu_ms_{variant}"] = cpu / len(fiches)
        figures[f"fiche_100k_h_{variant}"] = cpu / len(fiches) * 100_000 / 1000 / 3600
    figures["fiches"] = len(fiches)
    figures["rss_after_fiches_mb"] = rss_mb()
    return figures | topk_cost(np, encoder.dim)


def topk_cost(np, dim: int) -> dict:
    """Memory of 100 000 float32 vectors and the time of a cosine top 50 over them."""
    before = rss_mb()
    vectors = np.random.default_rng(12).standard_normal((100_000, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    grown = rss_mb() - before

    def top50(query):
        scores = vectors @ query
        best = np.argpartition(-scores, 50)[:50]
        return best[np.argsort(-scores[best])]

    draw = np.random.default_rng(5)
    times = [timed(top50, vectors[draw.integers(100_000)]) for _ in range(60)][10:]
    return {
        "vectors_100k_mb": vectors.nbytes / 2**20,
        "vectors_100k_rss_mb": grown,
        "topk_ms_p50": percentile([wall for wall, _ in times], 0.5),
        "topk_ms_p95": percentile([wall for wall, _ in times], 0.95),
        "topk_cpu_ms_p50": percentile([cpu for _, cpu in times], 0.5),
    }


def cost(models: list[str], sets: dict) -> dict:
    """One subprocess per model (clean RSS, one thread for numpy's BLAS and OpenMP)."""
    texts_path = ROOT / "var" / "eval" / "semantic_texts.json"
    texts = {
        "queries": [item["q"] for item in sets.get("own", [])],
        "fiches": {v: [" ".join(t) for t in fiche_passages(v).values()] for v in TEXTS[:2]},
    }
    texts_path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    one_thread = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    results = {}
    print("\n## Coût (un fil ; durées murales, temps processeur entre parenthèses)\n")
    for model in models:
        output = subprocess.run(
            [sys.executable, __file__, model, str(texts_path)],
            env=os.environ | one_thread | {"HF_HUB_OFFLINE": "1"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results[model] = figures = json.loads(output.strip().splitlines()[-1])
        print_cost(figures)
    return results


def print_cost(f: dict) -> None:
    print(
        f"- {f['model']} ({f['dim']} dimensions), charge moyenne "
        f"{f['load_average'][0]:.1f} : chargement {f['load_s']:.2f} s, RSS "
        f"{f['rss_before_mb']:.0f} → {f['rss_loaded_mb']:.0f} Mo (après les fiches "
        f"{f['rss_after_fiches_mb']:.0f} Mo) ; requête p50 {f['query_ms_p50']:.1f} "
        f"({f['query_cpu_ms_p50']:.1f}) ms, p95 {f['query_ms_p95']:.1f} "
        f"({f['query_cpu_ms_p95']:.1f}) ms sur {f['queries']} requêtes ; par fiche, texte "
        f"« court » {f['fiche_ms_court']:.0f} ({f['fiche_cpu_ms_court']:.0f}) ms, « complet » "
        f"{f['fiche_ms_complet']:.0f} ({f['fiche_cpu_ms_complet']:.0f}) ms → 100 000 fiches "
        f"≈ {f['fiche_100k_h_court']:.1f} h / {f['fiche_100k_h_complet']:.1f} h de processeur "
        f"(extrapolé) ; 100 000 vecteurs float32 {f['vectors_100k_mb']:.0f} Mo (RSS "
        f"+{f['vectors_100k_rss_mb']:.0f} Mo) ; cosinus top 50 sur 100 000 : p50 "
        f"{f['topk_ms_p50']:.1f} ({f['topk_cpu_ms_p50']:.1f}) ms, p95 {f['topk_ms_p95']:.1f} ms"
    )


if __name__ == "__main__":
    print(json.dumps(cost_worker(sys.argv[1], Path(sys.argv[2]))))

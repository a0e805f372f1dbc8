"""Search quality on a judged query set: nDCG@10 and recall@5, ours vs a plain FTS5 baseline.

    python scripts/eval_search.py [../shared/eval/search_dev_queries.json] [--database-url URL]

A fresh database (SQLite file under var/eval/ by default, or --database-url, e.g. a PostgreSQL
database that is dropped and recreated) receives the bundled 2019 cahier through `cahier import`; every query
goes through the API (`GET /api/v1/initiatives`, Django test client). The baseline indexes the
same fiches in an in-memory FTS5 table (unicode61 remove_diacritics 2, one column of
concatenated text, no stemming, synonyms, acronyms or field weights), query words OR-ed, bm25.

nDCG@10 uses gains 2^rel − 1 and the ideal ordering of the judged fiches; recall@5 is the share
of the judged fiches (rel ≥ 1) found in the first five results."""

import argparse
import json
import math
import os
import re
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_QUERIES = ROOT.parent / "shared" / "eval" / "search_dev_queries.json"


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
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
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

    def search(self, q: str) -> list[int]:
        words = re.findall(r"\w+", q)
        if not words:
            return []
        expression = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = self.db.execute(
            "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc), rowid LIMIT 10",
            (expression,),
        )
        return [row[0] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="?", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--database-url", help="base à utiliser (elle est vidée !)")
    parser.add_argument("--json", action="store_true", help="résumé JSON sur la dernière ligne")
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text(encoding="utf-8"))["queries"]

    setup(args.database_url)
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    baseline = Baseline()
    rows = []
    for item in queries:
        rel = {int(number): grade for number, grade in item["rel"].items()}
        response = client.get("/api/v1/initiatives", {"q": item["q"], "limit": 10})
        assert response.status_code == 200, response.content
        body = response.json()
        ours = [hit["number"] for hit in body["results"]]
        base = baseline.search(item["q"])
        rows.append(
            (
                item["q"],
                ndcg_at(ours, rel),
                recall_at(ours, rel),
                ndcg_at(base, rel),
                recall_at(base, rel),
                body["corrected_query"],
            )
        )

    width = max(len(row[0]) for row in rows)
    print(f"Moteur : {connection.vendor} — {len(rows)} requêtes ({args.queries.name})")
    print(f"{'requête'.ljust(width)}  nDCG@10  R@5   | base nDCG@10  R@5")
    for q, n, r, bn, br, corrected in rows:
        note = f"  (→ {corrected})" if corrected else ""
        print(f"{q.ljust(width)}  {n:7.3f}  {r:4.2f}  | {bn:12.3f}  {br:4.2f}{note}")
    means = [sum(row[i] for row in rows) / len(rows) for i in range(1, 5)]
    print(
        f"{'MOYENNE'.ljust(width)}  {means[0]:7.3f}  {means[1]:4.2f}  | "
        f"{means[2]:12.3f}  {means[3]:4.2f}"
    )
    if args.json:
        keys = ("ndcg10", "recall5", "baseline_ndcg10", "baseline_recall5")
        print(json.dumps(dict(zip(keys, (round(m, 4) for m in means), strict=True))))


if __name__ == "__main__":
    main()

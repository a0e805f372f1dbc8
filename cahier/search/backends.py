"""Storage of the full-text index: SQLite FTS5 (default) or PostgreSQL (stored tsvector + GIN).

Both receive already analyzed tokens (see analysis.py), one column per field group, and answer
the same query expression: a list of concepts, each a list of alternative phrases (tuples of
tokens). Concepts are OR-ed: BM25 (SQLite) or cover density (PostgreSQL) ranks documents that
match more and rarer concepts first."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from cahier.catalogue.models import EditionEntry, Initiative

# Field groups, in column order, with their weight in the ranking. PostgreSQL has four weight
# classes only (A > B > C > D), so its grouping is coarser: see docs/search.md.
FIELDS: tuple[tuple[str, float, str], ...] = (
    ("title", 8.0, "A"),
    ("labels", 4.0, "B"),
    ("porteur", 3.0, "B"),
    ("public", 3.0, "B"),
    ("places", 3.0, "B"),
    ("body", 1.0, "C"),
    ("partners", 1.0, "C"),
    ("joined", 2.0, "C"),
    ("expansions", 0.5, "D"),
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)
PG_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"  # D, C, B, A

Phrase = tuple[str, ...]
Expression = Sequence[Sequence[Phrase]]


@dataclass
class Filters:
    """SQL conditions on the initiative (alias `i`) and their parameters."""

    sql: list[str]
    params: list


def _quote_fts(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _quote_pg(token: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "") + "'"


class Backend:
    vendor = ""

    def create_schema(self, schema_editor) -> None:
        raise NotImplementedError

    def drop_schema(self, schema_editor) -> None:
        raise NotImplementedError

    def write(self, docs: Iterable[tuple[int, dict[str, list[str]]]]) -> None:
        raise NotImplementedError

    def delete(self, ids: Sequence[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def match_ids(self, expression: Expression) -> list[int]:
        raise NotImplementedError

    def ranked(
        self,
        expression: Expression,
        filters: Filters,
        boost_regions: Sequence[int],
        boost: float,
        edition_id: int | None,
        limit: int,
        offset: int,
    ) -> list[tuple[int, float, int | None]]:
        """(initiative id, score, fiche number, region id), best first."""
        raise NotImplementedError

    def fields(self, ids: Sequence[int]) -> dict[int, list[list[str]]]:
        """The indexed tokens of these documents, per field (in FIELDS order), space-separated."""
        raise NotImplementedError

    def vocabulary(self) -> dict[str, int]:
        """Every indexed token with the number of documents it occurs in."""
        raise NotImplementedError

    def ids_containing(self, token: str) -> list[int]:
        return self.match_ids([[(token,)]])

    # Shared SQL pieces.
    def _tables(self) -> dict[str, str]:
        return {
            "initiative": Initiative._meta.db_table,
            "entry": EditionEntry._meta.db_table,
        }

    def _rank_sql(self, score: str, source: str, where: str, boost_regions, edition_id) -> tuple:
        tables = self._tables()
        boost_sql = "1.0"
        params: list = []
        if boost_regions:
            marks = ", ".join(["%s"] * len(boost_regions))
            boost_sql = f"CASE WHEN i.region_id IN ({marks}) THEN %s ELSE 1.0 END"
        sql = (
            f"SELECT i.id, ({score}) * {boost_sql} AS score, ee.number, i.region_id FROM {source} "
            f"JOIN {tables['initiative']} i ON i.id = {self.id_column} "
            f"LEFT JOIN {tables['entry']} ee ON ee.initiative_id = i.id AND ee.edition_id = %s "
            f"WHERE {where} "
            f"ORDER BY score DESC, CASE WHEN ee.number IS NULL THEN 1 ELSE 0 END, ee.number, i.id "
            f"LIMIT %s OFFSET %s"
        )
        return sql, boost_sql, params


class SQLiteBackend(Backend):
    vendor = "sqlite"
    table = "search_fts"
    id_column = "f.rowid"

    def create_schema(self, schema_editor) -> None:
        columns = ", ".join(FIELD_NAMES)
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            f"{columns}, tokenize = 'unicode61 remove_diacritics 0', detail = full)"
        )
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table}_vocab "
            f"USING fts5vocab({self.table}, 'row')"
        )

    def drop_schema(self, schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}_vocab")
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def write(self, docs) -> None:
        columns = ", ".join(FIELD_NAMES)
        marks = ", ".join(["%s"] * (len(FIELD_NAMES) + 1))
        rows = [
            (pk, *(" ".join(fields.get(name, ())) for name in FIELD_NAMES)) for pk, fields in docs
        ]
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, {columns}) VALUES ({marks})", rows
            )

    def delete(self, ids) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    @staticmethod
    def compile(expression: Expression) -> str:
        concepts = []
        for alternatives in expression:
            phrases = [_quote_fts(" ".join(phrase)) for phrase in alternatives if phrase]
            if phrases:
                concepts.append("(" + " OR ".join(phrases) + ")")
        return " OR ".join(concepts)

    def match_ids(self, expression) -> list[int]:
        query = self.compile(expression)
        if not query:
            return []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [query])
            return [row[0] for row in cursor.fetchall()]

    def ranked(self, expression, filters, boost_regions, boost, edition_id, limit, offset):
        query = self.compile(expression)
        if not query:
            return []
        weights = ", ".join(str(weight) for _, weight, _ in FIELDS)
        where = " AND ".join([f"{self.table} MATCH %s", *filters.sql])
        sql, boost_sql, _ = self._rank_sql(
            f"-bm25({self.table}, {weights})", f"{self.table} f", where, boost_regions, edition_id
        )
        params = [*boost_regions, boost] if boost_regions else []
        params += [edition_id, query, *filters.params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], float(row[1]), row[2], row[3]) for row in cursor.fetchall()]

    def fields(self, ids):
        if not ids:
            return {}
        columns = ", ".join(FIELD_NAMES)
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {columns} FROM {self.table} WHERE rowid IN ({marks})", list(ids)
            )
            return {row[0]: [text or "" for text in row[1:]] for row in cursor}

    def vocabulary(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term, doc FROM {self.table}_vocab")
            return dict(cursor.fetchall())


class PostgresBackend(Backend):
    vendor = "postgresql"
    table = "search_document"
    id_column = "d.initiative_id"

    def create_schema(self, schema_editor) -> None:
        initiative = Initiative._meta.db_table
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            f"initiative_id bigint PRIMARY KEY REFERENCES {initiative}(id) "
            f"ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, vector tsvector NOT NULL, "
            f"content text NOT NULL DEFAULT '')"
        )
        self.upgrade_schema(schema_editor)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_vector ON {self.table} USING gin (vector)"
        )

    def upgrade_schema(self, schema_editor) -> None:
        # `content` (the analyzed fields, tab-separated) feeds the re-ranking; added in 0003.
        schema_editor.execute(
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS content text NOT NULL DEFAULT ''"
        )

    def drop_schema(self, schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def write(self, docs) -> None:
        parts = " || ".join(
            f"setweight(to_tsvector('simple', %s), '{letter}')" for _, _, letter in FIELDS
        )
        rows = []
        for pk, fields in docs:
            texts = [" ".join(fields.get(name, ())) for name in FIELD_NAMES]
            rows.append((pk, *texts, "\t".join(texts)))
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (initiative_id, vector, content) "
                f"VALUES (%s, {parts}, %s) ON CONFLICT (initiative_id) "
                f"DO UPDATE SET vector = EXCLUDED.vector, content = EXCLUDED.content",
                rows,
            )

    def delete(self, ids) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE initiative_id = ANY(%s)", [list(ids)])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    @staticmethod
    def compile(expression: Expression) -> str:
        concepts = []
        for alternatives in expression:
            phrases = [
                " <-> ".join(_quote_pg(t) for t in phrase) for phrase in alternatives if phrase
            ]
            if phrases:
                concepts.append("(" + " | ".join(f"({p})" for p in phrases) + ")")
        return " | ".join(concepts)

    def match_ids(self, expression) -> list[int]:
        query = self.compile(expression)
        if not query:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT initiative_id FROM {self.table} WHERE vector @@ to_tsquery('simple', %s)",
                [query],
            )
            return [row[0] for row in cursor.fetchall()]

    def ranked(self, expression, filters, boost_regions, boost, edition_id, limit, offset):
        query = self.compile(expression)
        if not query:
            return []
        where = " AND ".join(["d.vector @@ q.query", *filters.sql])
        sql, _, _ = self._rank_sql(
            f"ts_rank_cd('{PG_WEIGHTS}', d.vector, q.query, 1)",
            f"{self.table} d CROSS JOIN to_tsquery('simple', %s) AS q(query)",
            where,
            boost_regions,
            edition_id,
        )
        params = [*boost_regions, boost] if boost_regions else []
        params += [query, edition_id, *filters.params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(row[0], float(row[1]), row[2], row[3]) for row in cursor.fetchall()]

    def fields(self, ids):
        if not ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT initiative_id, content FROM {self.table} WHERE initiative_id = ANY(%s)",
                [list(ids)],
            )
            return {row[0]: row[1].split("\t") for row in cursor}

    def vocabulary(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT word, ndoc FROM ts_stat('SELECT vector FROM {self.table}')")
            return dict(cursor.fetchall())


def get_backend(vendor: str | None = None) -> Backend:
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"Moteur de base de données non pris en charge par la recherche : {vendor}")

"""Storage of the full-text index: SQLite FTS5 (default) or PostgreSQL (stored tsvector + GIN).

Both receive already analyzed tokens (see analysis.py), one column per field group, and answer
the same questions:

- `match_bits(expression)`: every document matching (as a bitset, see facets.py);
- `top(expression, k, required, strong_only)`: the k best by the backend's own relevance (FTS5
  bm25 with the field weights below, or PostgreSQL ts_rank with weights A–D), among the
  documents that also contain one token of each `required` group (facet filters are indexed
  as tokens) — candidates that ranking.py then scores the same way on both backends;
- `fields(ids)`: the analyzed text of some documents, for that final scoring.

An expression is a list of concepts, each a list of alternative phrases (tuples of tokens);
concepts are OR-ed."""

import json
import re
from collections.abc import Iterable, Sequence

import numpy as np
from django.db import connection

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
    # Transfer kit: conditions, pitfalls, partners, prerequisites, adaptations, outcome labels,
    # funder names — below the description (docs/search.md).
    ("kit", 0.5, "D"),
    ("facets", 0.0, "D"),  # filter tokens (keyword, public, funding, event, year, statuses…)
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)
# Kept apart as well (a second FTS5 table, a second tsvector): when every word of a query is
# common, candidates come from the titles, whose doclists stay short at any size.
STRONG_FIELDS = ("title", "facets")
PG_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"  # D, C, B, A

Phrase = tuple[str, ...]
Expression = Sequence[Sequence[Phrase]]
Required = Sequence[Sequence[str]]


def ids_to_bits(text: str | None) -> int:
    """« 3,17,42 » → an int with bits 3, 17 and 42 set (numpy: 100 000 ids in a millisecond)."""
    if not text:
        return 0
    ids = np.fromstring(text, dtype=np.int64, sep=",")
    flags = np.zeros(int(ids.max()) + 1, dtype=bool)
    flags[ids] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


_FTS_TOKEN = re.compile(r"[^\W_]+")


def bits_of(ids: Sequence[int]) -> int:
    """[3, 17, 42] → an int with bits 3, 17 and 42 set."""
    flags = np.zeros(max(ids) + 1, dtype=bool)
    flags[list(ids)] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _has_phrase(tokens: list[str], wanted: list[str]) -> bool:
    """*wanted* appears in *tokens* as consecutive tokens (an FTS5 phrase, within a column)."""
    size = len(wanted)
    return any(
        tokens[start : start + size] == wanted
        for start, token in enumerate(tokens)
        if token == wanted[0]
    )


def _quote_fts(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _quote_pg(token: str, weights: str = "") -> str:
    return (
        "'" + token.replace("'", "''").replace("\\", "") + "'" + (f":{weights}" if weights else "")
    )


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

    def replace(self, ids: Sequence[int], docs: list[tuple[int, dict[str, list[str]]]]) -> None:
        """Drop the documents *ids* and write *docs* (an edit: mostly the same ids). A backend
        may do both at once (PostgreSQL updates its word sets by the difference only)."""
        self.delete(ids)
        self.write(docs)

    def clear(self) -> None:
        raise NotImplementedError

    def finish_rebuild(self) -> None:
        """After clear() and write() of every document: build what is derived from them all."""

    def match_bits(self, expression: Expression, required: Required = ()) -> int:
        raise NotImplementedError

    def match_many(self, phrases: Sequence[Phrase]) -> dict[Phrase, int]:
        """Phrase → every document it matches (match_bits([[phrase]]) for each, at once)."""
        return {phrase: self.match_bits([[phrase]]) for phrase in phrases}

    def top(
        self,
        expression: Expression,
        k: int,
        required: Required = (),
        strong_only: bool = False,
        matches: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        """`matches`, when the caller knows them: the ids of the documents to rank, among those
        the expression and `required` match (all of them, or a part: the pertinent or the
        partial results, coverage.py); none other is returned (strong_only aside)."""
        raise NotImplementedError

    def fields(self, ids: Sequence[int]) -> dict[int, list[str]]:
        """The indexed tokens of these documents, per field (FIELDS order), space-separated."""
        raise NotImplementedError

    def vocabulary(self) -> dict[str, int]:
        """Every indexed token with the number of documents it occurs in."""
        raise NotImplementedError

    def match_among(self, phrases: Sequence[Phrase], ids: Sequence[int]) -> dict[Phrase, int]:
        """Phrase → the documents among *ids* it matches (as match_bits([[phrase]]) would)."""
        raise NotImplementedError

    def doc_tokens(self, ids: Sequence[int]) -> dict[int, set[str]]:
        """The distinct tokens of these documents, as vocabulary() counts them."""
        raise NotImplementedError


class SQLiteBackend(Backend):
    vendor = "sqlite"
    table = "search_fts"
    strong_table = "search_fts_title"

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
        self.upgrade_schema(schema_editor)

    def upgrade_schema(self, schema_editor) -> None:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.strong_table} USING fts5("
            f"{', '.join(STRONG_FIELDS)}, tokenize = 'unicode61 remove_diacritics 0', "
            f"detail = full)"
        )

    def drop_schema(self, schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}_vocab")
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.strong_table}")

    def write(self, docs) -> None:
        columns = ", ".join(FIELD_NAMES)
        marks = ", ".join(["%s"] * (len(FIELD_NAMES) + 1))
        rows = [
            (pk, *(" ".join(fields.get(name, ())) for name in FIELD_NAMES)) for pk, fields in docs
        ]
        if not rows:
            return
        strong_rows = [
            (pk, *(" ".join(fields.get(name, ())) for name in STRONG_FIELDS)) for pk, fields in docs
        ]
        strong_marks = ", ".join(["%s"] * (len(STRONG_FIELDS) + 1))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, {columns}) VALUES ({marks})", rows
            )
            cursor.executemany(
                f"INSERT INTO {self.strong_table} (rowid, {', '.join(STRONG_FIELDS)}) "
                f"VALUES ({strong_marks})",
                strong_rows,
            )

    def delete(self, ids) -> None:
        ids = list(ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)
                cursor.execute(f"DELETE FROM {self.strong_table} WHERE rowid IN ({marks})", chunk)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.strong_table}")

    @staticmethod
    def compile(expression: Expression, required: Required = ()) -> str:
        concepts = []
        for alternatives in expression:
            phrases = [_quote_fts(" ".join(phrase)) for phrase in alternatives if phrase]
            if phrases:
                concepts.append("(" + " OR ".join(phrases) + ")")
        if not concepts:
            return ""
        query = " OR ".join(concepts)
        for group in required:
            query = f"({query}) AND (" + " OR ".join(_quote_fts(t) for t in group) + ")"
        return query

    def match_bits(self, expression, required=()) -> int:
        query = self.compile(expression, required)
        if not query:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT group_concat(rowid) FROM {self.table} WHERE {self.table} MATCH %s",
                [query],
            )
            return ids_to_bits(cursor.fetchone()[0])

    def top(self, expression, k, required=(), strong_only=False, matches=None):
        query = self.compile(expression, required)
        if not query:
            return []
        with connection.cursor() as cursor:
            cursor.execute(*self.top_sql(query, k, strong_only, matches))
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def top_sql(self, query: str, k: int, strong_only=False, matches=None) -> tuple[str, list]:
        """The statement of top() for the compiled *query*: (sql, params)."""
        weights = {name: weight for name, weight, _ in FIELDS}
        table = self.strong_table if strong_only else self.table
        names = STRONG_FIELDS if strong_only else FIELD_NAMES
        weights = ", ".join(str(weights[name]) for name in names)
        condition, params = "", [query]
        if matches is not None and not strong_only:
            # `+rowid`: a filter on the rows the MATCH yields, not a constraint FTS5 would use
            # to run the whole full-text query once per id (seeking each phrase's doclist): 40 s
            # for 2 807 ids and common words at 100 000 fiches, against 60 ms for the scan
            # (docs/search.md, « Issue 12 à 100 000 fiches, à travers le serveur »).
            condition = "AND +rowid IN (SELECT value FROM json_each(%s))"
            params = [query, json.dumps(list(matches))]
        sql = (
            f"SELECT rowid, -bm25({table}, {weights}) AS score FROM {table} "
            f"WHERE {table} MATCH %s {condition} ORDER BY score DESC, rowid LIMIT %s"
        )
        return sql, [*params, k]

    def fields(self, ids):
        ids = list(ids)
        if not ids:
            return {}
        columns = ", ".join(FIELD_NAMES)
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {columns} FROM {self.table} WHERE rowid IN ({marks})", ids
            )
            return {row[0]: [text or "" for text in row[1:]] for row in cursor.fetchall()}

    def vocabulary(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term, doc FROM {self.table}_vocab")
            return dict(cursor.fetchall())

    def match_among(self, phrases, ids):
        # The documents' stored columns, tokenized as FTS5 does, matched here: one read of
        # these rows. A MATCH per phrase restricted by `rowid IN (…)` cost a walk of the
        # phrase's doclist each, tens of milliseconds for a common word at 100 000 fiches.
        columns = {
            pk: [_FTS_TOKEN.findall(text.lower()) for text in texts]
            for pk, texts in self.fields(ids).items()
        }
        distinct = {
            pk: {token for tokens in texts for token in tokens} for pk, texts in columns.items()
        }
        found: dict = {}
        for phrase in phrases:
            wanted = _FTS_TOKEN.findall(" ".join(phrase).lower())
            if not wanted:
                continue
            hits = [
                pk
                for pk, texts in columns.items()
                if wanted[0] in distinct[pk]
                and (len(wanted) == 1 or any(_has_phrase(tokens, wanted) for tokens in texts))
            ]
            if hits:
                found[phrase] = bits_of(hits)
        return found

    def doc_tokens(self, ids):
        # unicode61 splits on anything but letters and digits (the analyzer's tokens are
        # already lower-case): the same cut here.
        return {
            pk: {token for text in texts for token in _FTS_TOKEN.findall(text)}
            for pk, texts in self.fields(ids).items()
        }


from .pgsql import PostgresBackend  # noqa: E402 - it builds on Backend, defined above


def get_backend(vendor: str | None = None) -> Backend:
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"Moteur de base de données non pris en charge par la recherche : {vendor}")

"""PostgreSQL storage of the index: `search_document` (stored tsvector + GIN, the analyzed text)
and `search_posting`, the set of documents of each word as a bitmap.

Why the word sets: PostgreSQL has no index-only scan for GIN, so the documents of a common word
(« emploi », 99 % of 100 000 fiches) cost a visit of every matching row of `search_document`
(≈ 180 ms) the first time a process sees the word. `search_posting` holds, per indexed word, a
`bytea` whose bit n is document n (little-endian, as facets.bitset): one row read, a few
kilobytes, whatever the word. An edit changes the rows of the words it adds or removes only
(`search_bits`, in the same transaction); a rebuild makes them all again from the tsvectors.
The phrases of the lexicon have their sets too (`search_phrase`, pgphrases.py); other phrases
(several tokens: positions) go through the GIN index."""

from collections import defaultdict

from django.db import connection

from . import pgphrases
from .backends import (
    FIELD_NAMES,
    FIELDS,
    PG_WEIGHTS,
    STRONG_FIELDS,
    Backend,
    _quote_pg,
    ids_to_bits,
)
from .facets import bitset

_PLAIN_TOKEN = pgphrases.PLAIN_TOKEN  # a word whose row in search_posting `vector @@ word` finds

# Sets (adds) and clears (removes) bits of a bitmap, growing it as needed. set_bit() numbers
# bits from the right within each byte: bit n is 1 << (n % 8) of byte n / 8 (little-endian).
SEARCH_BITS = """
CREATE OR REPLACE FUNCTION search_bits(bits bytea, adds bigint[], removes bigint[])
RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    n bigint;
    top bigint := (SELECT max(x) FROM unnest(adds) AS x);
BEGIN
    bits := coalesce(bits, '\\x'::bytea);
    IF top IS NOT NULL AND top / 8 >= length(bits) THEN
        bits := bits || decode(repeat('00', (top / 8 + 1 - length(bits))::integer), 'hex');
    END IF;
    FOREACH n IN ARRAY coalesce(removes, '{}') LOOP
        IF n / 8 < length(bits) THEN
            bits := set_bit(bits, n, 0);
        END IF;
    END LOOP;
    FOREACH n IN ARRAY coalesce(adds, '{}') LOOP
        bits := set_bit(bits, n, 1);
    END LOOP;
    RETURN bits;
END $$
"""


def _bytes(bits: int) -> bytes:
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


class PostgresBackend(Backend):
    vendor = "postgresql"
    table = "search_document"
    postings = "search_posting"
    titles = "search_title"

    def create_schema(self, schema_editor) -> None:
        # No foreign key: the signal receivers delete rows, and `flush` must be able to
        # truncate the catalogue without knowing this table.
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} (initiative_id bigint PRIMARY KEY, "
            f"vector tsvector NOT NULL, content text NOT NULL DEFAULT '')"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_vector ON {self.table} USING gin (vector)"
        )
        self.upgrade_schema(schema_editor)

    def upgrade_schema(self, schema_editor) -> None:
        # `content` (the analyzed fields, tab-separated) feeds the re-ranking; added in 0003.
        schema_editor.execute(
            f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS content text NOT NULL DEFAULT ''"
        )
        # The tsvector stays in the row (MAIN: compressed if it can be, out of line only when
        # the row would not fit a page): ranking a candidate or checking a phrase reads its
        # page, not the TOAST index and chunks (≈ 7 buffers a row before; search 0009).
        # `content`, read for 50 documents a query, goes out of line instead.
        schema_editor.execute(f"ALTER TABLE {self.table} ALTER COLUMN vector SET STORAGE MAIN")
        # The titles (and filter tokens) apart, in a narrow table (search 0009; a `strong`
        # column of search_document before): see STRONG_FIELDS. Ranking tens of thousands of
        # titles reads ≈ 4 000 pages of it, not the rows of search_document.
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.titles} (initiative_id bigint PRIMARY KEY, "
            f"strong tsvector NOT NULL DEFAULT '')"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.titles}_strong ON {self.titles} USING gin (strong)"
        )
        # The word sets (search 0009); `ndoc` is the vocabulary's document frequency.
        schema_editor.execute(SEARCH_BITS)
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.postings} (token text PRIMARY KEY, "
            f"bits bytea NOT NULL, "
            f"ndoc integer GENERATED ALWAYS AS (bit_count(bits)::integer) STORED)"
        )
        pgphrases.create_schema(schema_editor)  # search 0011

    def drop_schema(self, schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.postings}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.titles}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {pgphrases.TABLE}")

    def write(self, docs) -> None:
        """The documents' rows; their words' sets are replace()'s or finish_rebuild()'s."""
        parts = " || ".join(
            f"setweight(to_tsvector('simple', %s), '{letter}')" for _, _, letter in FIELDS
        )
        strong = " || ".join(
            f"setweight(to_tsvector('simple', %s), '{letter}')"
            for name, _, letter in FIELDS
            if name in STRONG_FIELDS
        )
        rows, title_rows = [], []
        for pk, fields in docs:
            texts = [" ".join(fields.get(name, ())) for name in FIELD_NAMES]
            strong_texts = [
                text for name, text in zip(FIELD_NAMES, texts, strict=True) if name in STRONG_FIELDS
            ]
            rows.append((pk, *texts, "\t".join(texts)))
            title_rows.append((pk, *strong_texts))
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (initiative_id, vector, content) "
                f"VALUES (%s, {parts}, %s) ON CONFLICT (initiative_id) "
                f"DO UPDATE SET vector = EXCLUDED.vector, content = EXCLUDED.content",
                rows,
            )
            cursor.executemany(
                f"INSERT INTO {self.titles} (initiative_id, strong) VALUES (%s, {strong}) "
                f"ON CONFLICT (initiative_id) DO UPDATE SET strong = EXCLUDED.strong",
                title_rows,
            )

    def _delete_rows(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE initiative_id = ANY(%s)", [ids])
            cursor.execute(f"DELETE FROM {self.titles} WHERE initiative_id = ANY(%s)", [ids])

    def delete(self, ids) -> None:
        ids = list(ids)
        if not ids:
            return
        before = self.doc_tokens(ids)
        phrases = pgphrases.stored()
        before_phrases = pgphrases.phrases_in(pgphrases.contents_of(ids), phrases)
        self._delete_rows(ids)
        self._update_postings(before, {})
        self._update_sets(pgphrases.TABLE, "phrase", before_phrases, {})

    def replace(self, ids, docs) -> None:
        ids = list(ids)
        before = self.doc_tokens(ids)
        # Every phrase row present stays complete (pgphrases.py): the changed documents'
        # phrases before and after, from their analyzed fields.
        phrases = pgphrases.stored()
        before_phrases = pgphrases.phrases_in(pgphrases.contents_of(ids), phrases)
        if ids:
            self._delete_rows(ids)
        self.write(docs)
        new_ids = [pk for pk, _ in docs]
        self._update_postings(before, self.doc_tokens(new_ids))
        after_phrases = pgphrases.phrases_in(pgphrases.contents_of(new_ids), phrases)
        self._update_sets(pgphrases.TABLE, "phrase", before_phrases, after_phrases)

    def _update_postings(self, before: dict[int, set], after: dict[int, set]) -> None:
        """Each word's set changes by these documents' difference only: an edit that adds a
        sentence rewrites the rows of its new words, not those of the ≈ 300 it keeps."""
        self._update_sets(self.postings, "token", before, after)

    @staticmethod
    def _update_sets(table: str, column: str, before: dict[int, set], after: dict[int, set]):
        """Rows of *table* (keyed by *column*, a `bits` bitmap each) changed by these
        documents' difference: *before* / *after*, each document's keys."""
        rows = []
        for pk in before.keys() | after.keys():
            old, new = before.get(pk, set()), after.get(pk, set())
            rows += [(token, pk, True) for token in new - old]
            rows += [(token, pk, False) for token in old - new]
        if not rows:
            return
        tokens, pks, adds = (list(column) for column in zip(*rows, strict=True))
        with connection.cursor() as cursor:
            # One statement; a word new to the index may be inserted by a concurrent edit too:
            # ON CONFLICT then applies this one's change on top of it (the row is locked).
            cursor.execute(
                f"WITH change AS (SELECT token, array_agg(pk) FILTER (WHERE add) AS adds, "
                f"array_agg(pk) FILTER (WHERE NOT add) AS removes "
                f"FROM unnest(%s::text[], %s::bigint[], %s::boolean[]) AS c(token, pk, add) "
                f"GROUP BY token) "
                f"INSERT INTO {table} AS p ({column}, bits) "
                f"SELECT token, search_bits(NULL, adds, removes) FROM change "
                f"ON CONFLICT ({column}) DO UPDATE SET bits = search_bits(p.bits, "
                f"(SELECT adds FROM change WHERE change.token = EXCLUDED.{column}), "
                f"(SELECT removes FROM change WHERE change.token = EXCLUDED.{column}))",
                [tokens, pks, adds],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.titles}")
            cursor.execute(f"DELETE FROM {self.postings}")
            cursor.execute(f"DELETE FROM {pgphrases.TABLE}")

    def finish_rebuild(self) -> None:
        """Every word's set, from the tsvectors, read by slices of documents; every lexicon
        phrase's, from the analyzed fields."""
        ids: dict[str, list[int]] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.postings}")
            cursor.execute(f"SELECT coalesce(max(initiative_id), 0) FROM {self.table}")
            top = cursor.fetchone()[0]
            for start in range(0, top + 1, 5000):
                cursor.execute(
                    f"SELECT initiative_id, tsvector_to_array(vector) FROM {self.table} "
                    f"WHERE initiative_id >= %s AND initiative_id < %s",
                    [start, start + 5000],
                )
                for pk, tokens in cursor.fetchall():
                    for token in tokens:
                        ids[token].append(pk)
            words = list(ids)
            for start in range(0, len(words), 2000):
                chunk = words[start : start + 2000]
                bitmaps = [_bytes(bitset(ids.pop(token))) for token in chunk]
                cursor.execute(
                    f"INSERT INTO {self.postings} (token, bits) "
                    f"SELECT * FROM unnest(%s::text[], %s::bytea[])",
                    [chunk, bitmaps],
                )
        self.store_phrase_sets()

    def store_phrase_sets(self) -> None:
        """Every lexicon phrase's set, from the analyzed fields (pgphrases.py)."""
        phrases = pgphrases.all_documents(pgphrases.lexicon_phrases())
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {pgphrases.TABLE}")
            if phrases:
                cursor.execute(
                    f"INSERT INTO {pgphrases.TABLE} (phrase, bits) "
                    f"SELECT * FROM unnest(%s::text[], %s::bytea[])",
                    [list(phrases), [_bytes(bitset(ids)) for ids in phrases.values()]],
                )

    @staticmethod
    def compile(expression, required=()) -> str:
        concepts = []
        for alternatives in expression:
            phrases = [
                " <-> ".join(_quote_pg(t) for t in phrase) for phrase in alternatives if phrase
            ]
            if phrases:
                concepts.append("(" + " | ".join(f"({p})" for p in phrases) + ")")
        if not concepts:
            return ""
        query = " | ".join(concepts)
        for group in required:
            query = f"({query}) & (" + " | ".join(_quote_pg(t) for t in group) + ")"
        return query

    def match_bits(self, expression, required=()) -> int:
        if not required:
            bits = 0
            for found in self.match_many([p for a in expression for p in a if p]).values():
                bits |= found
            return bits
        query = self.compile(expression, required)
        if not query:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT string_agg(initiative_id::text, ',') FROM {self.table} "
                f"WHERE vector @@ to_tsquery('simple', %s)",
                [query],
            )
            return ids_to_bits(cursor.fetchone()[0])

    def match_many(self, phrases) -> dict:
        """Single words and the lexicon's phrases from their sets (one read for each kind),
        other phrases through GIN."""
        found: dict = {phrase: 0 for phrase in phrases}
        words = {p[0]: p for p in phrases if len(p) == 1 and _PLAIN_TOKEN.fullmatch(p[0])}
        keyed = {pgphrases.key(p): p for p in phrases if pgphrases.storable(p)}
        stored = {keyed[key]: bits for key, bits in pgphrases.read(list(keyed)).items()}
        found.update(stored)
        others = [p for p in phrases if p and words.get(p[0]) != p and p not in stored]
        with connection.cursor() as cursor:
            if words:
                cursor.execute(
                    f"SELECT token, bits FROM {self.postings} WHERE token = ANY(%s)", [list(words)]
                )
                for token, bits in cursor.fetchall():
                    found[words[token]] = int.from_bytes(bits, "little")
            queries = [self.compile([[phrase]]) for phrase in others]
            if any(queries):
                cursor.execute(
                    f"SELECT q.n, string_agg(d.initiative_id::text, ',') FROM {self.table} d "
                    f"JOIN unnest(%s::text[]) WITH ORDINALITY AS q(text, n) "
                    f"ON q.text <> '' AND d.vector @@ to_tsquery('simple', q.text) GROUP BY q.n",
                    [queries],
                )
                for n, text in cursor.fetchall():
                    found[others[n - 1]] = ids_to_bits(text)
        return found

    def top(self, expression, k, required=(), strong_only=False, matches=None):
        query = self.compile(expression, required)
        column = "strong" if strong_only else "vector"
        table = self.titles if strong_only else self.table
        if not query:
            return []
        # Every ranked document costs a read of its tsvector (TOASTed, ≈ 2 KB at 10 000 fiches):
        # - ts_rank, not ts_rank_cd: the cover density costs several times more per document
        #   (4 300 matches: 45 ms more) and only picks candidates that ranking.py re-scores;
        # - known matches are fetched by id: `vector @@ q` would read each tsvector a second
        #   time whenever the query holds a phrase (GIN recheck), synonyms often do.
        condition, params = f"{column} @@ q", [query]
        if matches is not None and not strong_only:
            condition, params = "initiative_id = ANY(%s)", [query, list(matches)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT initiative_id, ts_rank('{PG_WEIGHTS}', {column}, q, 1) AS score "
                f"FROM {table}, to_tsquery('simple', %s) AS q "
                f"WHERE {condition} ORDER BY score DESC, initiative_id LIMIT %s",
                [*params, k],
            )
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def fields(self, ids):
        ids = list(ids)
        if not ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT initiative_id, content FROM {self.table} WHERE initiative_id = ANY(%s)",
                [ids],
            )
            return {row[0]: row[1].split("\t") for row in cursor.fetchall()}

    def vocabulary(self) -> dict[str, int]:
        # The sets' sizes: no read of every tsvector (ts_stat) when a process starts.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token, ndoc FROM {self.postings} WHERE ndoc > 0")
            return dict(cursor.fetchall())

    def match_among(self, phrases, ids):
        ids = list(ids)
        if not ids:
            return {}
        # Plain words and phrases from the documents' analyzed fields — one read of these
        # rows, and a phrase found within one field, as its stored set (pgphrases.py) and
        # SQLite find it; the others through GIN.
        keyed = {pgphrases.key(p): p for p in phrases if p and pgphrases.plain(p)}
        found: dict = {}
        for pk, held in pgphrases.phrases_in(pgphrases.contents_of(ids), keyed).items():
            for key in held:
                found[keyed[key]] = found.get(keyed[key], 0) | 1 << pk
        phrases = [p for p in phrases if p and not pgphrases.plain(p)]
        queries = [self.compile([[phrase]]) for phrase in phrases]
        if not any(queries):
            return found
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT q.n, string_agg(d.initiative_id::text, ',') FROM {self.table} d "
                f"JOIN unnest(%s::text[]) WITH ORDINALITY AS q(text, n) "
                f"ON q.text <> '' AND d.vector @@ to_tsquery('simple', q.text) "
                f"WHERE d.initiative_id = ANY(%s) GROUP BY q.n",
                [queries, ids],
            )
            found.update({phrases[n - 1]: ids_to_bits(t) for n, t in cursor.fetchall()})
            return found

    def doc_tokens(self, ids):
        ids = list(ids)
        if not ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT initiative_id, tsvector_to_array(vector) FROM {self.table} "
                f"WHERE initiative_id = ANY(%s)",
                [ids],
            )
            return {pk: set(tokens) for pk, tokens in cursor.fetchall()}

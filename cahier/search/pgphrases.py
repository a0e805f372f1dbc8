"""PostgreSQL: the documents of each phrase of the lexicon stored as a bitmap (`search_phrase`),
as `search_posting` stores each word's (pgsql.py).

Why: a phrase (« services à la personne », a synonym; « demandeur d'emploi de longue durée », a
glossary definition) goes through the GIN index, which knows words, not their positions: every
fiche holding all its words is read again to check their order. With common words that is
thousands of rows — 100 to 400 ms at 100 000 fiches the first time a process meets the phrase
(docs/search.md, « PostgreSQL à 100 000 fiches, mots jamais vus »). The phrases a query can hold
beyond the words typed come from the lexicon (synonyms, acronym definitions, institution names,
places): a few hundred, whose sets are kept here — one row read, whatever the words.

The rule that keeps a row true: **a row present is always complete**. A full rebuild writes a
row for every phrase of the lexicon (`rebuild`); every change of documents updates every row
present (`update`, in the writer's transaction, the rows locked by ON CONFLICT). A phrase the
lexicon gains later (a curator's new synonym) has no row: it goes through GIN, as before, until
the next rebuild (`cahier reindex`). Phrases are found in `search_document.content`, the
analyzed fields, within one field — as SQLite's FTS5 finds them."""

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

TABLE = "search_phrase"
SLICE = 5000  # documents read at once by a rebuild

# Tokens that the `simple` parser keeps as they are (the analyzer's tokens are such): their
# lexeme is the token, so a stored set is what `vector @@ …` would find.
PLAIN_TOKEN = re.compile(r"[a-z0-9]+")

Phrase = tuple[str, ...]


def create_schema(schema_editor) -> None:
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (phrase text PRIMARY KEY, bits bytea NOT NULL)"
    )


def key(phrase: Phrase) -> str:
    return " ".join(phrase)


def plain(phrase: Phrase) -> bool:
    """Every token one the `simple` parser keeps as it is."""
    return all(PLAIN_TOKEN.fullmatch(token) for token in phrase)


def storable(phrase: Phrase) -> bool:
    """A phrase whose set may be stored: several plain tokens."""
    return len(phrase) >= 2 and plain(phrase)


def lexicon_phrases() -> list[str]:
    """The keys of the lexicon's phrases of several words: every alternative of every entry."""
    from .query import lexicon

    phrases = {
        alternative
        for entry in lexicon().entries.values()
        for alternative in entry.alternatives
        if storable(alternative)
    }
    return sorted(key(phrase) for phrase in phrases)


def stored() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phrase FROM {TABLE}")
        return [row[0] for row in cursor.fetchall()]


def phrases_in(contents: dict[int, str], keys: Iterable[str]) -> dict[int, set[str]]:
    """For each document (its `content`: fields separated by tabs, tokens by spaces), the
    phrases of *keys* it holds within one of its fields."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for phrase in keys:
        by_first[phrase.split(" ", 1)[0]].append(phrase)
    found: dict[int, set[str]] = {}
    for pk, content in contents.items():
        wanted = [
            phrase for token in set(content.split()) & by_first.keys() for phrase in by_first[token]
        ]
        padded = " " + content.replace("\t", " \t ") + " "
        found[pk] = {phrase for phrase in wanted if f" {phrase} " in padded}
    return found


def contents_of(ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT initiative_id, content FROM search_document WHERE initiative_id = ANY(%s)",
            [ids],
        )
        return dict(cursor.fetchall())


def all_documents(keys: list[str]) -> dict[str, list[int]]:
    """Each phrase of *keys* → the documents holding it, every document read by slices."""
    ids: dict[str, list[int]] = {phrase: [] for phrase in keys}
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(initiative_id), 0) FROM search_document")
        top = cursor.fetchone()[0]
        for start in range(0, top + 1, SLICE):
            cursor.execute(
                "SELECT initiative_id, content FROM search_document "
                "WHERE initiative_id >= %s AND initiative_id < %s",
                [start, start + SLICE],
            )
            for pk, phrases in phrases_in(dict(cursor.fetchall()), keys).items():
                for phrase in phrases:
                    ids[phrase].append(pk)
    return ids


def read(keys: list[str]) -> dict[str, int]:
    """The stored sets among *keys* (a key without a row is absent from the answer)."""
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phrase, bits FROM {TABLE} WHERE phrase = ANY(%s)", [keys])
        return {phrase: int.from_bytes(bits, "little") for phrase, bits in cursor.fetchall()}

"""Per-process structures of the search (vocabulary, lexicon, facet bitsets, sort orders, per-word
bitsets) and of the pages built on it, and how each process keeps them in step with the database.

Each server process (gunicorn workers, several app servers on one database) keeps its own copy
of what it builds; the one `Generation` row says which state of the index is current. A change
writes a new **random** value in that row inside its own transaction: other processes see it
exactly when the change is committed, never before, and a rolled-back change leaves the old
value — a structure built inside a transaction that was rolled back can never be taken for the
one of a later commit (an increment could come back to the same number). Processes read the row
at most every POLL seconds, so a change made anywhere is seen everywhere within that delay; the
process that made it sees it at once.

The same transaction writes an `IndexChange` row: the previous value, the new one, and which
fiches changed (with the vocabulary's document-frequency delta and the new words). A process
whose structure was built at generation G finds the chain of rows G → … → current and hands the
merged change to the structure's `patch` function, which re-reads those fiches only and
updates what they touch (no copy of the whole structure: see `cached`). Only when the chain does not cover G (a full reindex, a region
edited, more than MAX_IDS fiches, rows pruned after KEEP changes) is a structure rebuilt: in the
background in a server (warm() was called: the old structure answers until the swap), at once
otherwise. SEARCH_INCREMENTAL = False (settings, env CAHIER_SEARCH_INCREMENTAL=0) turns patching
off: every change then rebuilds everything, as before."""

import logging
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction

POLL = 0.25  # seconds between two reads of the row by one process
KEEP = 1000  # change rows kept; a process further behind rebuilds
MAX_IDS = 5000  # fiches changed at once (or since a structure was built) above which it is rebuilt

logger = logging.getLogger(__name__)

_lock = threading.RLock()
_local: dict[str, tuple[int, Any]] = {}  # name → (generation it reflects, structure)
_seen: list = [0, float("-inf")]  # [value, monotonic time it was read]
_chains: dict[int, Any] = {}  # generation → what changed since (this poll only)
_building: set[str] = set()  # structures being rebuilt in the background
_background = [False]  # warm() switches it on: servers rebuild in the background


@dataclass
class Change:
    """What changed between two generations (several IndexChange rows merged)."""

    ids: set[int] = field(default_factory=set)
    df: Counter = field(default_factory=Counter)  # token → documents gained (or lost)
    words: dict[str, str] = field(default_factory=dict)  # new IndexedWord rows: word → token
    lexicon: bool = False  # synonyms, glossary or renamed institutions changed
    terms: bool = False  # a keyword, public, funding or event added, renamed or removed


def incremental() -> bool:
    return getattr(settings, "SEARCH_INCREMENTAL", True)


def _read() -> int:
    from .models import Generation

    return Generation.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def generation() -> int:
    """The current generation: part of every key of what is cached from the search."""
    now = time.monotonic()
    if now - _seen[1] >= POLL:
        _seen[0], _seen[1] = _read(), now
        _chains.clear()
    return _seen[0]


def invalidate(
    ids: Iterable[int] | None = None,
    *,
    df: dict[str, int] | None = None,
    words: dict[str, str] | None = None,
    lexicon: bool = False,
    terms: bool = False,
) -> None:
    """Announce a change: these fiches (`ids`; None: anything, rebuild everything), this
    document-frequency delta, these new indexed words, the query lexicon (`lexicon`), the
    facets' values and labels (`terms`). This process sees it now, the others once the current
    transaction (if any) commits."""
    from .models import Generation, IndexChange

    value = secrets.randbits(62)
    ids = None if ids is None else sorted(set(ids))
    full = ids is None or len(ids) > MAX_IDS
    payload = {}
    if not full:
        payload = {
            "ids": ids,
            "df": df or {},
            "words": words or {},
            "lexicon": lexicon,
            "terms": terms,
        }
    try:
        # A savepoint, for one case: the migration that rebuilds the index on an older database
        # (search 0006) runs before these tables exist; its failed write must not abort it.
        with transaction.atomic():
            # The row lock orders the writers: each change's `previous` is the value committed
            # just before it, so the rows form one chain.
            rows = Generation.objects.select_for_update().filter(pk=1)
            previous = rows.values_list("value", flat=True).first()
            if previous is None:
                Generation.objects.create(pk=1, value=value)
            else:
                rows.update(value=value)
            change = IndexChange.objects.create(
                previous=previous or 0, generation=value, full=full, payload=payload
            )
            IndexChange.objects.filter(id__lte=change.id - KEEP).delete()
    except DatabaseError:
        tables = connection.introspection.table_names()
        if {Generation._meta.db_table, IndexChange._meta.db_table} <= set(tables):
            raise  # a real failure (a locked database…): the change must not commit without it
    if full or not incremental():
        clear_local()
    else:
        _seen[1] = float("-inf")  # read the row again at the next use, then patch


def _changes_since(label: int, current: int) -> tuple[int, Change] | None:
    """The generation reached and what changed from *label* on, or None when the log does not
    cover it (rebuild). Memoised for the current poll."""
    if label in _chains:
        return _chains[label]
    from .models import IndexChange

    found: tuple[int, Change] | None = None
    start = (
        IndexChange.objects.filter(generation=label)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if label == 0:
        # Built before the generation row existed (a new or flushed database): the chain
        # starts with the change that created it.
        first = IndexChange.objects.filter(previous=0).order_by("-id").values_list("id", flat=True)
        start = next(iter(first[:1]), None)
        start = None if start is None else start - 1
    if start is not None:
        rows = IndexChange.objects.filter(id__gt=start).order_by("id")
        change, end, passed = Change(), label, {label}
        for previous, value, full, payload in rows.values_list(
            "previous", "generation", "full", "payload"
        )[:KEEP]:
            if previous != end or full:
                break
            change.ids.update(payload.get("ids", ()))
            change.df.update(payload.get("df", {}))
            change.words.update(payload.get("words", {}))
            change.lexicon |= bool(payload.get("lexicon"))
            change.terms |= bool(payload.get("terms", True))  # rows written before the flag
            end = value
            passed.add(end)
        else:
            # The chain must reach the generation read from the row (it may go further: a
            # change committed since): otherwise the row moved without a log (rebuild).
            if current in passed and len(change.ids) <= MAX_IDS:
                found = (end, change)
    _chains[label] = found
    return found


def _snapshot_build(build: Callable[[], Any]) -> tuple[int, Any]:
    """Build and the generation it reflects, read in one snapshot of the database: a change
    committed during a long build is neither missed nor applied twice (the vocabulary's counts
    are patched by deltas)."""
    if connection.in_atomic_block:
        # Inside a transaction (tests, a write in progress): its own view.
        return _read(), build()
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _read(), build()
    # SQLite in WAL mode: a deferred read transaction is a snapshot and blocks no writer (the
    # transactions Django opens are IMMEDIATE: they would).
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        try:
            return _read(), build()
        finally:
            cursor.execute("COMMIT")


def _rebuild_in_background(name: str, build: Callable[[], Any]) -> None:
    if name in _building:
        return
    _building.add(name)

    def run() -> None:
        try:
            label, value = _snapshot_build(build)
            with _lock:
                _local[name] = (label, value)
                _heard(label)
        except Exception:  # pragma: no cover - logged; the next query rebuilds in line
            logger.exception("search: background rebuild of %s failed", name)
            with _lock:
                _local.pop(name, None)
        finally:
            _building.discard(name)
            connections.close_all()  # this thread's connections only

    threading.Thread(target=run, name=f"search-rebuild-{name}", daemon=True).start()


def cached(
    name: str, build: Callable[[], Any], patch: Callable[[Any, Change], Any] | None = None
) -> Any:
    """The structure *name* at the current generation: kept, patched with what changed since
    it was built, or rebuilt (`build()`). `patch(old, change)` returns the new structure; it
    may update *old* in place, under this lock, where a reader in another thread sees each
    entry before or after the change, never torn (a count, a bitset, a row): a copy of the
    whole would cost time in proportion to the catalogue, not to the change. Should it fail
    half-way, the structure is dropped (rebuilt at the next use), never patched twice."""
    current = generation()
    entry = _local.get(name)
    if entry is not None and entry[0] == current:
        return entry[1]
    with _lock:
        entry = _local.get(name)
        if entry is not None and entry[0] == current:
            return entry[1]
        if entry is not None and patch is not None and incremental():
            found = _changes_since(entry[0], current)
            if found is not None:
                end, change = found
                try:
                    value = patch(entry[1], change)
                except BaseException:
                    _local.pop(name, None)
                    raise
                _local[name] = (end, value)
                _heard(end)  # at least as recent as the row read at the last poll
                return value
            if _background[0]:
                _rebuild_in_background(name, build)
                return entry[1]
        label, value = _snapshot_build(build)
        _local[name] = (label, value)
        _heard(label)
        return value


def _heard(value: int) -> None:
    """*value* was read from the database after the last poll: take it as current."""
    if value != _seen[0]:
        _seen[0] = value
        _chains.clear()


def serve_in_background() -> None:
    """From now on, a structure the log cannot patch is rebuilt in a thread while the old one
    keeps answering (servers: see engine.warm)."""
    _background[0] = True


def clear_local() -> None:
    """Drop this process's caches and read the row again at the next use (tests roll the
    database back under them)."""
    _local.clear()
    _chains.clear()
    _seen[1] = float("-inf")

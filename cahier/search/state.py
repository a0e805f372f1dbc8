"""Per-process caches of the search (vocabulary, lexicon, facet bitsets, sort orders) and of the
pages built on it, and their invalidation through the database.

Each server process (gunicorn workers, several app servers on one database) keeps its own copy
of what it builds; the one `Generation` row says which copy is current. A change that must
invalidate them writes a new **random** value in that row inside its own transaction: other
processes see it exactly when the change is committed, never before, and a rolled-back change
leaves the old value — a structure built inside a transaction that was rolled back can never
be taken for the one of a later commit (an increment could come back to the same number).
Processes read the row at most every POLL seconds, so a change made anywhere is seen
everywhere within that delay; the process that made it sees it at once."""

import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection, transaction

POLL = 0.25  # seconds between two reads of the row by one process
_lock = threading.Lock()
_local: dict[str, tuple[Any, Any]] = {}
_seen: list = [0, float("-inf")]  # [value, monotonic time it was read]


def _read() -> int:
    from .models import Generation

    return Generation.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def generation() -> int:
    """The current generation: part of every key of what is cached from the search."""
    now = time.monotonic()
    if now - _seen[1] >= POLL:
        _seen[0], _seen[1] = _read(), now
    return _seen[0]


def invalidate() -> None:
    """Make every process forget what it cached: this one now, the others once the current
    transaction (if any) commits."""
    from .models import Generation

    value = secrets.randbits(62)
    try:
        # A savepoint, for one case: the migration that rebuilds the index on an older database
        # (search 0006) runs before this table exists; its failed write must not abort it.
        with transaction.atomic():
            if not Generation.objects.filter(pk=1).update(value=value):
                Generation.objects.create(pk=1, value=value)
    except DatabaseError:
        if Generation._meta.db_table in connection.introspection.table_names():
            raise  # a real failure (a locked database…): the change must not commit without it
    clear_local()


def cached(name: str, build: Callable[[], Any]) -> Any:
    current = generation()
    entry = _local.get(name)
    if entry is not None and entry[0] == current:
        return entry[1]
    with _lock:
        value = build()
        _local[name] = (current, value)
        return value


def clear_local() -> None:
    """Drop this process's caches and read the row again at the next use (tests roll the
    database back under them)."""
    _local.clear()
    _seen[1] = float("-inf")

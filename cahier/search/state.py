"""Per-process caches of the search (vocabulary, lexicon, facet bitsets) and their invalidation.

A generation counter kept in Django's cache (shared by the gunicorn workers when the cache is
the file or a shared backend) is bumped on every index, synonym, glossary or region change;
each process rebuilds what it cached lazily when it sees a new generation."""

import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

_KEY = "cahier:search:generation"
_lock = threading.Lock()
_local: dict[str, tuple[Any, Any]] = {}


def generation() -> int:
    value = cache.get(_KEY)
    if value is None:
        value = 1
        cache.add(_KEY, value, timeout=None)
    return value


def _bump() -> None:
    try:
        cache.incr(_KEY)
    except ValueError:
        cache.set(_KEY, 2, timeout=None)
    _local.clear()


def invalidate() -> None:
    """Forget every cached structure, now (this process) and once the transaction commits
    (other processes must not rebuild from data that is not committed yet)."""
    _bump()
    transaction.on_commit(_bump)


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
    """Drop this process's caches (tests roll the database back under them)."""
    _local.clear()

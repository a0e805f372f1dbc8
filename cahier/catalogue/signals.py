"""Signals the catalogue services send, so that other apps (search) follow every write
inside the same transaction without the catalogue depending on them."""

import threading
from contextlib import contextmanager

from django.dispatch import Signal


class _ChangedSignal(Signal):
    """`initiatives_changed`, which a bulk write can hold back (see `changes_batched`)."""

    def send(self, sender, **named):
        pending = getattr(_batch, "ids", None)
        if pending is not None:
            pending.update(named.get("ids", ()))
            return []
        return super().send(sender, **named)


_batch = threading.local()

# Sent with `ids` (list of Initiative primary keys) after they were created or changed,
# taxonomies included.
initiatives_changed = _ChangedSignal()
# Sent with `ids` just before those initiatives are deleted.
initiatives_deleted = Signal()
# Sent by `cahier import` after it created or rewrote one fiche, so that the app keeping the
# history (contributions) records a revision and an audit entry: kwargs `initiative`,
# `created` (bool), `source` (document name), `previous` and `previous_version` (snapshot and
# version before the write, None on creation) and `overwritten` (French labels of the fields
# an edit had changed since the last import and that --force replaced; empty otherwise).
initiative_imported = Signal()


@contextmanager
def changes_batched():
    """Inside the block, `initiatives_changed` is sent once, when it ends without error, with
    every id the writes inside named: an import of 46 fiches then indexes each fiche once
    instead of after each of its writes (creation, taxonomies, edition…). Nested blocks join
    the outer one. On an error nothing is sent: the transaction rolls back anyway."""
    if getattr(_batch, "ids", None) is not None:
        yield
        return
    _batch.ids = set()
    try:
        yield
        ids = _batch.ids
    finally:
        _batch.ids = None
    if ids:
        from .models import Initiative

        initiatives_changed.send(sender=Initiative, ids=sorted(ids))

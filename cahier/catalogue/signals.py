"""Signals the catalogue services send, so that other apps (search) follow every write
inside the same transaction without the catalogue depending on them."""

from django.dispatch import Signal

# Sent with `ids` (list of Initiative primary keys) after they were created or changed,
# taxonomies included.
initiatives_changed = Signal()
# Sent with `ids` just before those initiatives are deleted.
initiatives_deleted = Signal()
# Sent by `cahier import` after it created or rewrote one fiche, so that the app keeping the
# history (contributions) records a revision and an audit entry: kwargs `initiative`,
# `created` (bool), `source` (document name), `previous` and `previous_version` (snapshot and
# version before the write, None on creation) and `overwritten` (French labels of the fields an edit had changed since the last
# import and that --force replaced; empty otherwise).
initiative_imported = Signal()

"""Signals the catalogue services send, so that other apps (search) follow every write
inside the same transaction without the catalogue depending on them."""

from django.dispatch import Signal

# Sent with `ids` (list of Initiative primary keys) after they were created or changed,
# taxonomies included.
initiatives_changed = Signal()
# Sent with `ids` just before those initiatives are deleted.
initiatives_deleted = Signal()

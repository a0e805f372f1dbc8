"""PostgreSQL: the set of documents of each word, stored (`search_posting`, see pgsql.py), so
that a word no process has seen yet costs one row read, not a visit of every matching fiche."""

from django.db import migrations


def upgrade(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from cahier.search.backends import PostgresBackend

    backend = PostgresBackend()
    backend.upgrade_schema(schema_editor)
    backend.finish_rebuild()  # from the tsvectors already there (none in a new database)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_index_change")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]

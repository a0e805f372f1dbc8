"""PostgreSQL, narrower reads (see pgsql.py): the set of documents of each word stored
(`search_posting`), so that a word no process has seen yet costs one row read, not a visit of
every matching fiche; the titles in a narrow table of their own (`search_title`, was the
`strong` column of `search_document`); the tsvector kept in the row of `search_document`
(storage MAIN), so that ranking a candidate or checking a phrase reads one page."""

from django.db import migrations


def upgrade(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from cahier.search.backends import PostgresBackend

    backend = PostgresBackend()
    backend.upgrade_schema(schema_editor)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [backend.table, "strong"],
        )
        moved = cursor.fetchone() is not None
    if moved:
        schema_editor.execute(
            f"INSERT INTO {backend.titles} (initiative_id, strong) "
            f"SELECT initiative_id, strong FROM {backend.table}"
        )
        schema_editor.execute(f"ALTER TABLE {backend.table} DROP COLUMN strong")
    # Rows written before keep their TOASTed tsvector until rewritten: CLUSTER rewrites the
    # table (in this transaction) under the new storage.
    schema_editor.execute(f"CLUSTER {backend.table} USING {backend.table}_pkey")
    backend.finish_rebuild()  # the word sets, from the tsvectors (none in a new database)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_index_change")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]

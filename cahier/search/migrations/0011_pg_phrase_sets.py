"""PostgreSQL: the set of documents of each phrase of the lexicon stored (`search_phrase`, see
pgphrases.py), so that a synonym or a definition of common words no process has seen yet costs
one row read, not a check of the word order in thousands of fiches."""

from django.db import migrations


def upgrade(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from cahier.search.backends import PostgresBackend

    backend = PostgresBackend()
    backend.upgrade_schema(schema_editor)
    backend.store_phrase_sets()


class Migration(migrations.Migration):
    dependencies = [("search", "0010_typographic_apostrophes")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]

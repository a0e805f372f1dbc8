"""PostgreSQL: keep the analyzed fields beside the tsvector (re-ranking reads them)."""

from django.db import migrations


def upgrade(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from cahier.search.backends import PostgresBackend

        PostgresBackend().upgrade_schema(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_and_synonyms")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]

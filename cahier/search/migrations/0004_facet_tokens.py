"""The index gains a `facets` column (filter tokens) and PostgreSQL's table loses its foreign
key (so that `flush` works): rebuild the table and its content."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from cahier.search.backends import get_backend

    backend = get_backend(schema_editor.connection.vendor)
    backend.drop_schema(schema_editor)
    backend.create_schema(schema_editor)
    # Databases that already hold fiches get their index rebuilt now (fresh ones have none).
    if apps.get_model("catalogue", "Initiative").objects.exists():
        from cahier.search.indexing import reindex_all

        reindex_all()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_pg_content")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]

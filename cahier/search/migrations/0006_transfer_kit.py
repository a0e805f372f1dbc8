"""The index gains a `kit` column (transfer kit, outcome labels, funder names) and the filter
tokens of the project status, the openness to replication and « essaimé »: rebuild it."""

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
    dependencies = [("search", "0005_title_index"), ("catalogue", "0007_essaimage")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]

"""Titles (and filter tokens) indexed apart, for candidate selection on very common words."""

from django.db import migrations


def upgrade(apps, schema_editor):
    from cahier.search.backends import get_backend

    backend = get_backend(schema_editor.connection.vendor)
    backend.upgrade_schema(schema_editor)
    if apps.get_model("catalogue", "Initiative").objects.exists():
        from cahier.search.indexing import reindex_all

        reindex_all()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_tokens")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]

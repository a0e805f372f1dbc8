"""The full-text index table (FTS5 on SQLite, tsvector + GIN on PostgreSQL) and the synonym
groups shipped with the project (cahier/search/data/synonyms.json); curators edit them after."""

import json
from pathlib import Path

from django.db import migrations

SYNONYMS = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


def create_index(apps, schema_editor):
    from cahier.search.backends import get_backend

    get_backend(schema_editor.connection.vendor).create_schema(schema_editor)


def drop_index(apps, schema_editor):
    from cahier.search.backends import get_backend

    get_backend(schema_editor.connection.vendor).drop_schema(schema_editor)


def seed_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    groups = json.loads(SYNONYMS.read_text(encoding="utf-8"))["groups"]
    Synonym.objects.bulk_create(Synonym(terms="\n".join(group)) for group in groups)


def unseed_synonyms(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalogue", "0002_regions"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(seed_synonyms, unseed_synonyms),
    ]

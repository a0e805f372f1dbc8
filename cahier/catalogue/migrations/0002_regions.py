import json
from pathlib import Path

from django.db import migrations

REGIONS = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def load_regions(apps, schema_editor):
    Region = apps.get_model("catalogue", "Region")
    for row in json.loads(REGIONS.read_text(encoding="utf-8")):
        Region.objects.update_or_create(slug=row["slug"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]

"""The permanent identifier of a fiche (open-data `id`), in three steps so that every existing
row gets its own value: a column default is computed once, and would give all rows the same
UUID (then the unique constraint fails)."""

import uuid

from django.db import migrations, models


def give_each_initiative_its_uid(apps, schema_editor):
    Initiative = apps.get_model("catalogue", "Initiative")
    # The ids first: SQLite gives no isolation between a cursor and writes to its table.
    pks = list(Initiative.objects.filter(uid__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(pks), 1000):
        Initiative.objects.bulk_update(
            [Initiative(pk=pk, uid=uuid.uuid4()) for pk in pks[start : start + 1000]], ["uid"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_editions_moved_to_editions_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="uid",
            field=models.UUIDField(null=True, editable=False, verbose_name="identifiant permanent"),
        ),
        migrations.RunPython(give_each_initiative_its_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="initiative",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                verbose_name="identifiant permanent",
            ),
        ),
    ]

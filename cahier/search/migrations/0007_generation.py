"""The generation of the search caches moves from Django's cache (one per machine) to one row
of the database, shared by every server process (cahier/search/state.py)."""

from django.db import migrations, models


def create_row(apps, schema_editor):
    # Created here so that two processes never race to create it.
    apps.get_model("search", "Generation").objects.get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0006_transfer_kit'),
    ]

    operations = [
        migrations.CreateModel(
            name='Generation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.BigIntegerField(default=0, verbose_name='génération')),
            ],
            options={
                'verbose_name': 'génération des caches de recherche',
                'verbose_name_plural': 'génération des caches de recherche',
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]

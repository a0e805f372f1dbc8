"""Institutions that changed their names since the 2019 cahier (docs/living-catalogue.md),
and the glossary entries of their new names (data/institution_changes.json). Curators edit
both afterwards; this migration only adds what is missing (an acronym already in the glossary
is left as it is). `catalogue.services.institution_changes_seed` does the same after a flush."""

import datetime
import json
from pathlib import Path

from django.db import migrations, models

SEED = Path(__file__).resolve().parent.parent / "data" / "institution_changes.json"


def seed(apps, schema_editor):
    InstitutionChange = apps.get_model("catalogue", "InstitutionChange")
    GlossaryTerm = apps.get_model("catalogue", "GlossaryTerm")
    data = json.loads(SEED.read_text(encoding="utf-8"))
    for change in data["changes"]:
        change = {**change, "changed_on": datetime.date.fromisoformat(change["changed_on"])}
        InstitutionChange.objects.get_or_create(
            old_acronym=change.get("old_acronym", ""),
            old_name=change.get("old_name", ""),
            defaults=change,
        )
    for acronym, definition in data["glossary"]:
        GlossaryTerm.objects.get_or_create(acronym=acronym, defaults={"definition": definition})


def unseed(apps, schema_editor):
    """The glossary entries stay (the 2019 import or a curator may have written them)."""


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0008_organisation_siret'),
    ]

    operations = [
        migrations.CreateModel(
            name='InstitutionChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_name', models.CharField(blank=True, max_length=200, verbose_name='ancien nom')),
                ('old_acronym', models.CharField(blank=True, max_length=30, verbose_name='ancien sigle')),
                ('new_name', models.CharField(blank=True, max_length=200, verbose_name='nouveau nom')),
                ('new_acronym', models.CharField(blank=True, max_length=30, verbose_name='nouveau sigle')),
                ('changed_on', models.DateField(verbose_name='date du changement')),
                ('source', models.CharField(blank=True, max_length=500, verbose_name='source')),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='adresse de la source')),
                ('note', models.TextField(blank=True, verbose_name='remarque')),
                ('old_mail_domains', models.JSONField(blank=True, default=list, help_text='Ex. « direccte.gouv.fr » : les adresses de ce domaine (et de ses sous-domaines) sont signalées aux curateurs.', verbose_name='domaines de messagerie anciens')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
            ],
            options={
                'verbose_name': 'institution qui a changé de nom',
                'verbose_name_plural': 'institutions qui ont changé de nom',
                'ordering': ['old_acronym', 'old_name', 'pk'],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]

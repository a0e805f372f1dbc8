"""The acronyms the site shows that the 2019 glossary lacks (JITE, on every provenance badge
and filter), with the 2019 text's own definition (catalogue/data/glossary_additions.json).
Curators edit the glossary afterwards: an acronym already there is left as it is, so this
migration never overwrites their edit and can run on any database.
`catalogue.services.glossary_additions_seed` does the same after a flush.

And the index labels with their accented capitals (« Egalité femmes-hommes » → « Égalité
femmes-hommes »): the importer now cleans them so (core.prose.typography.french_capitals), and
finds its terms by label, so the stored labels must say the same or a re-import would create a
second term. The slug does not change (it is built without accents)."""

import json
from pathlib import Path

from django.db import migrations

from cahier.core.prose.typography import french_capitals

SEED = Path(__file__).resolve().parent.parent / "data" / "glossary_additions.json"


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("catalogue", "GlossaryTerm")
    for term in json.loads(SEED.read_text(encoding="utf-8"))["terms"]:
        GlossaryTerm.objects.get_or_create(
            acronym=term["acronym"], defaults={"definition": term["definition"]}
        )


def unseed(apps, schema_editor):
    """The entries stay: a curator may have edited them since."""


def accent_labels(apps, schema_editor):
    for name in ("Keyword", "PublicType", "Funding"):
        model = apps.get_model("catalogue", name)
        labels = set(model.objects.values_list("label", flat=True))
        for term in model.objects.all():
            label = french_capitals(term.label)
            if label != term.label and label not in labels:
                term.label = label
                term.save(update_fields=["label"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0010_initiative_check_interval"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(accent_labels, migrations.RunPython.noop),
    ]

"""The analyzer cuts words at underscores (« numerique_interactif_1 »), the words of the
fiches' links are indexed (with the accents an address cannot write), and the correction
vocabulary holds the parts of hyphenated words and the joined form of words of several pieces
(« akademy », « empl'itude »): rebuild the index and its words (docs/search.md, « Fautes de
frappe »)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    # Databases that already hold fiches get their index rebuilt now (fresh ones have none).
    if apps.get_model("catalogue", "Initiative").objects.exists():
        from cahier.search.indexing import reindex_all

        reindex_all()


class Migration(migrations.Migration):
    dependencies = [("search", "0011_pg_phrase_sets")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]

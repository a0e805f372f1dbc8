# The Edition and EditionEntry models moved from the catalogue app: only Django's state moves,
# the tables (catalogue_edition, catalogue_editionentry) and their rows stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalogue", "0003_edition_publisher_updated_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Edition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(max_length=60, unique=True, verbose_name="identifiant"),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="année")),
                        ("title", models.CharField(max_length=200, verbose_name="titre")),
                        (
                            "subtitle",
                            models.CharField(blank=True, max_length=200, verbose_name="sous-titre"),
                        ),
                        (
                            "publisher",
                            models.CharField(blank=True, max_length=200, verbose_name="éditeur"),
                        ),
                        ("edito", models.TextField(blank=True, verbose_name="édito")),
                        (
                            "edito_signature",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="signataire de l'édito"
                            ),
                        ),
                        (
                            "source_path",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="document source"
                            ),
                        ),
                        ("is_published", models.BooleanField(default=False, verbose_name="publiée")),
                        (
                            "published_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="publiée le"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifiée le")),
                    ],
                    options={
                        "verbose_name": "édition",
                        "verbose_name_plural": "éditions",
                        "ordering": ["-year", "slug"],
                        "db_table": "catalogue_edition",
                    },
                ),
                migrations.CreateModel(
                    name="EditionEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveIntegerField(verbose_name="numéro de fiche")),
                        (
                            "list_title",
                            models.CharField(
                                blank=True,
                                help_text="Laissé vide quand la liste donne le même titre que la fiche.",
                                max_length=300,
                                verbose_name="titre dans la liste des fiches",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="modifiée le")),
                        (
                            "edition",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entries",
                                to="editions.edition",
                                verbose_name="édition",
                            ),
                        ),
                        (
                            "initiative",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="edition_entries",
                                to="catalogue.initiative",
                                verbose_name="initiative",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "fiche d'une édition",
                        "verbose_name_plural": "fiches d'une édition",
                        "ordering": ["edition", "number"],
                        "db_table": "catalogue_editionentry",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("edition", "number"), name="entry_unique_number"
                            ),
                            models.UniqueConstraint(
                                fields=("edition", "initiative"), name="entry_unique_initiative"
                            ),
                        ],
                    },
                ),
                migrations.AddField(
                    model_name="edition",
                    name="initiatives",
                    field=models.ManyToManyField(
                        related_name="editions",
                        through="editions.EditionEntry",
                        to="catalogue.initiative",
                        verbose_name="fiches",
                    ),
                ),
            ],
        ),
    ]

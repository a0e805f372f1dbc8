"""Printed editions of the cahier and the numbering of their fiches.

The tables keep their historical names (catalogue_edition, catalogue_editionentry): the models
moved here from the catalogue app without copying a row (see migrations/0001_initial.py)."""

from django.db import models
from django.db.models import Q


class Edition(models.Model):
    """A printed edition of the cahier (the 2019 one, and those curators compose later).

    Published, it is frozen: its entries carry a snapshot of each fiche and `snapshot` holds
    the glossary and index order it printed. One edition at most is current (`is_current`):
    the one whose numbers the site, the exports and the API show; only a curator changes it,
    through services.edition_make_current."""

    slug = models.SlugField("identifiant", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField("année")
    title = models.CharField("titre", max_length=200)
    subtitle = models.CharField("sous-titre", max_length=200, blank=True)
    publisher = models.CharField("éditeur", max_length=200, blank=True)
    edito = models.TextField("édito", blank=True)
    edito_signature = models.CharField("signataire de l’édito", max_length=300, blank=True)
    source_path = models.CharField("document source", max_length=500, blank=True)
    is_published = models.BooleanField("publiée", default=False)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    is_current = models.BooleanField("édition de référence", default=False)
    snapshot = models.JSONField(
        "glossaire et repères tels que publiés", null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    initiatives = models.ManyToManyField(
        "catalogue.Initiative",
        through="EditionEntry",
        related_name="editions",
        verbose_name="fiches",
    )

    class Meta:
        db_table = "catalogue_edition"
        verbose_name = "édition"
        verbose_name_plural = "éditions"
        ordering = ["-year", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="edition_single_current"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EditionEntry(models.Model):
    """An initiative's place in an edition: its fiche number, the title the list gives it and,
    once the edition is published, the fiche as printed (its open-data record)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="entries", verbose_name="édition"
    )
    initiative = models.ForeignKey(
        "catalogue.Initiative",
        on_delete=models.CASCADE,
        related_name="edition_entries",
        verbose_name="initiative",
    )
    number = models.PositiveIntegerField("numéro de fiche")
    list_title = models.CharField(
        "titre dans la liste des fiches",
        max_length=300,
        blank=True,
        help_text="Laissé vide quand la liste donne le même titre que la fiche.",
    )
    snapshot = models.JSONField("fiche telle que publiée", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        db_table = "catalogue_editionentry"
        verbose_name = "fiche d’une édition"
        verbose_name_plural = "fiches d’une édition"
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="entry_unique_number"),
            models.UniqueConstraint(
                fields=["edition", "initiative"], name="entry_unique_initiative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} — fiche {self.number}"


class PdfBuild(models.Model):
    """One build of an edition's PDF asked of `cahier worker`, for one content fingerprint
    (document.edition_fingerprint). The unique pair is what makes several simultaneous
    downloads, on one server or several sharing the database, queue a single build
    (pdf_builds.edition_pdf_request); the row goes once the file is on disk."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="pdf_builds", verbose_name="édition"
    )
    fingerprint = models.CharField("empreinte", max_length=16)
    requested_at = models.DateTimeField("demandée le")
    failed_at = models.DateTimeField("échouée le", null=True, blank=True)
    error = models.CharField("erreur", max_length=500, blank=True)

    class Meta:
        verbose_name = "préparation d’un PDF"
        verbose_name_plural = "préparations de PDF"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "fingerprint"], name="pdfbuild_one_per_fingerprint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} — {self.fingerprint}"

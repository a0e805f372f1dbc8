"""The catalogue: initiatives (the printed "fiches") and the reference tables around them."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cahier.core.text import fold

from .enums import EventKind, ProvenanceStatus, PublicationStatus


def administration_prefix(email: str) -> str:
    """The region code of a DIRECCTE/DREETS mailbox: « ara » for ara.direction@direccte.gouv.fr
    (compared with `Region.administration_codes`)."""
    return fold(email.split("@")[0].split(".")[0])


class Region(models.Model):
    """An administrative region (official name and INSEE code), or the pseudo-region « National »."""

    slug = models.SlugField("identifiant", max_length=60, unique=True)
    name = models.CharField("nom officiel", max_length=100, unique=True)
    insee_code = models.CharField("code INSEE", max_length=3, blank=True)
    is_overseas = models.BooleanField("outre-mer", default=False)
    is_national = models.BooleanField("national", default=False)
    aliases = models.JSONField(
        "autres graphies", default=list, blank=True, help_text="Ex. « PACA », « Ile-de-France »."
    )
    administration_codes = models.JSONField(
        "préfixes des adresses DIRECCTE/DREETS",
        default=list,
        blank=True,
        help_text="Ex. « ara » pour ara.direction@direccte.gouv.fr.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def owns_address(self, email: str) -> bool:
        """Whether *email* is a mailbox of this region's DIRECCTE/DREETS."""
        return administration_prefix(email) in self.administration_codes


class TaxonomyTerm(models.Model):
    """A label of one of the cahier's indexes ("Repères pour la recherche")."""

    label = models.CharField("libellé", max_length=120, unique=True)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Keyword(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "mot-clé"
        verbose_name_plural = "mots-clés"


class PublicType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "type de public visé"
        verbose_name_plural = "types de public visé"


class Funding(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "financement spécifique"
        verbose_name_plural = "financements spécifiques"


class GlossaryTerm(models.Model):
    acronym = models.CharField("sigle", max_length=30, unique=True)
    definition = models.TextField("définition")
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "sigle du glossaire"
        verbose_name_plural = "glossaire"
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym


class Organisation(models.Model):
    """A carrying organisation (porteur). Spellings that fold to the same key are one organisation."""

    name = models.CharField("nom", max_length=300)
    key = models.CharField("clé de rapprochement", max_length=300, unique=True, editable=False)
    spellings = models.JSONField("graphies rencontrées", default=list, blank=True)

    class Meta:
        verbose_name = "organisme"
        verbose_name_plural = "organismes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """Where an initiative came from: a JITE edition or a Trophées FSE call."""

    kind = models.CharField("événement", max_length=20, choices=EventKind.choices)
    year = models.PositiveSmallIntegerField("année")
    title = models.CharField("intitulé", max_length=200, blank=True)
    date = models.DateField("date", null=True, blank=True)
    location = models.CharField("lieu", max_length=200, blank=True)
    description = models.TextField("présentation", blank=True)
    categories = models.JSONField(
        "catégories", default=list, blank=True, help_text="Catégories de prix (Trophées FSE)."
    )

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="event_unique_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def with_relations(self):
        return self.select_related("region", "porteur", "event").prefetch_related(
            "keywords", "publics", "fundings"
        )


class Initiative(models.Model):
    """A territorial initiative: one fiche of the cahier."""

    # The slug follows the title and the number follows the edition; reusers need a key that
    # never changes and that an export carries into another instance (an autoincrement pk
    # would not): the open-data `id`.
    uid = models.UUIDField("identifiant permanent", unique=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField("identifiant stable", max_length=100, unique=True)
    title = models.CharField("titre", max_length=300)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="initiatives", verbose_name="région"
    )
    territory = models.CharField("territoire", max_length=500, blank=True)
    description = models.TextField(
        "descriptif du projet",
        blank=True,
        help_text="Paragraphes séparés par une ligne vide ; « - » en début de ligne pour une liste.",
    )
    added_value = models.JSONField("valeur ajoutée de la démarche", default=list, blank=True)
    porteur = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name="organisme porteur",
    )
    porteur_label = models.CharField("organisme porteur (tel qu'écrit)", max_length=500, blank=True)
    public = models.TextField("public cible", blank=True)
    partners = models.JSONField("partenaires mobilisés", default=list, blank=True)
    links = models.JSONField("liens", default=list, blank=True)
    referent_emails = models.JSONField("référents (adresses)", default=list, blank=True)
    results = models.TextField("résultats", blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name="événement de provenance",
    )
    provenance_status = models.CharField(
        "statut de provenance", max_length=30, choices=ProvenanceStatus.choices, blank=True
    )
    provenance_category = models.CharField("catégorie", max_length=100, blank=True)
    keywords = models.ManyToManyField(
        Keyword, blank=True, related_name="initiatives", verbose_name="mots-clés"
    )
    publics = models.ManyToManyField(
        PublicType, blank=True, related_name="initiatives", verbose_name="publics visés"
    )
    fundings = models.ManyToManyField(
        Funding, blank=True, related_name="initiatives", verbose_name="financements spécifiques"
    )
    status = models.CharField(
        "état", max_length=30, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    # Optimistic locking: every save through the services bumps it (see services.initiative_update).
    version = models.PositiveIntegerField("version", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    # Who last changed the content (None: the import, or not known).
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modifiée par",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = "initiative"
        verbose_name_plural = "initiatives"
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "region"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("www:initiative", kwargs={"slug": self.slug})

    @property
    def provenance_label(self) -> str:
        """« JITE 2018 · présenté », « Trophées FSE 2019 · retenu · Mobilité »."""
        if not self.event_id:
            return ""
        parts = [str(self.event)]
        if self.provenance_status:
            parts.append(self.provenance_status)
        if self.provenance_category:
            parts.append(self.provenance_category)
        return " · ".join(parts)


class ImportRecord(models.Model):
    """What `cahier import` last wrote into a fiche, as a snapshot (catalogue.snapshot): a
    re-import compares the fiche with it to tell an edit made since (kept unless --force)
    from the import's own content."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="import_record",
        verbose_name="initiative",
    )
    data = models.JSONField("contenu importé")
    source = models.CharField("document", max_length=255, blank=True)
    imported_at = models.DateTimeField("importée le", default=timezone.now)

    class Meta:
        verbose_name = "dernier import d'une fiche"
        verbose_name_plural = "derniers imports des fiches"

    def __str__(self) -> str:
        return f"{self.initiative} ({self.source or 'import'}, {self.imported_at:%Y-%m-%d})"

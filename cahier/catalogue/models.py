"""The catalogue: initiatives (the printed "fiches") and the reference tables around them."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cahier.core.dates import add_months
from cahier.core.siret import validate_siret
from cahier.core.text import fold

from .enums import (
    CHECK_INTERVAL_MONTHS,
    CheckInterval,
    EventKind,
    Openness,
    ProjectStatus,
    ProvenanceStatus,
    PublicationStatus,
)
from .structured import address_in_domains


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
    # Where contact requests go while a fiche has no current State referent (issue essaimage):
    # one per region, set by curators.
    referent_organisation = models.CharField(
        "référent régional : organisme",
        max_length=200,
        blank=True,
        help_text="Ex. « DREETS Bretagne ».",
    )
    referent_service = models.CharField("référent régional : service", max_length=200, blank=True)
    referent_email = models.EmailField("référent régional : adresse électronique", blank=True)

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


class InstitutionChange(models.Model):
    """An institution that changed its name (DIRECCTE → DREETS…): the fiches keep their
    historical text; the site adds « (aujourd'hui DREETS) » at its first mention, the glossary
    marks the old entry, the search finds one name by the other. Edited by curators through
    `services.institution_change_save` / `institution_change_delete`."""

    old_name = models.CharField("ancien nom", max_length=200, blank=True)
    old_acronym = models.CharField("ancien sigle", max_length=30, blank=True)
    new_name = models.CharField("nouveau nom", max_length=200, blank=True)
    new_acronym = models.CharField("nouveau sigle", max_length=30, blank=True)
    changed_on = models.DateField("date du changement")
    source = models.CharField("source", max_length=500, blank=True)
    source_url = models.URLField("adresse de la source", max_length=500, blank=True)
    note = models.TextField("remarque", blank=True)
    old_mail_domains = models.JSONField(
        "domaines de messagerie anciens",
        default=list,
        blank=True,
        help_text="Ex. « direccte.gouv.fr » : les adresses de ce domaine (et de ses "
        "sous-domaines) sont signalées aux curateurs.",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "institution qui a changé de nom"
        verbose_name_plural = "institutions qui ont changé de nom"
        ordering = ["old_acronym", "old_name", "pk"]

    def __str__(self) -> str:
        return f"{self.old_label} → {self.new_label}"

    @property
    def old_label(self) -> str:
        return self.old_acronym or self.old_name

    @property
    def new_label(self) -> str:
        return self.new_acronym or self.new_name

    def owns_address(self, email: str) -> bool:
        """Whether *email* is in one of the old mail domains (or a subdomain of one)."""
        return address_in_domains(email, self.old_mail_domains)


class Organisation(models.Model):
    """A carrying organisation (porteur). Spellings that fold to the same key are one organisation."""

    name = models.CharField("nom", max_length=300)
    key = models.CharField("clé de rapprochement", max_length=300, unique=True, editable=False)
    spellings = models.JSONField("graphies rencontrées", default=list, blank=True)
    # The porteur as an establishment of the Sirene register (data·inclusion structures).
    siret = models.CharField(
        "numéro SIRET",
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text="14 chiffres, vérifiés par leur clé de contrôle ; laisser vide s’il est inconnu.",
    )

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

    def with_relations(self, *, prefetch: bool = True):
        """Everything a full fiche shows, read with the list: the joined relations, and unless
        *prefetch* is False the index terms and published replications (`prefetch_related`:
        a queryset per fiche and relation). The exports pass False and read those for a chunk
        of fiches at once (`selectors.with_list_relations`)."""
        queryset = self.select_related("region", "porteur", "event", "replication_of")
        if not prefetch:
            return queryset
        return queryset.prefetch_related(
            "keywords",
            "publics",
            "fundings",
            models.Prefetch(
                "replications",
                queryset=Initiative.objects.published().select_related("region").order_by("title"),
                to_attr="published_replications",
            ),
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
    porteur_label = models.CharField("organisme porteur (tel qu’écrit)", max_length=500, blank=True)
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
    # Life of the project (issue essaimage).
    project_status = models.CharField(
        "statut du projet",
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.UNKNOWN,
        help_text="Le projet fonctionne-t-il encore ?",
    )
    started_year = models.PositiveSmallIntegerField("année de début", null=True, blank=True)
    ended_year = models.PositiveSmallIntegerField("année de fin", null=True, blank=True)
    verified_at = models.DateTimeField(
        "vérifiée le",
        null=True,
        blank=True,
        help_text="Dernière fois qu’une personne a confirmé que la fiche est à jour.",
    )
    check_interval_months = models.PositiveSmallIntegerField(
        "rythme de vérification",
        choices=CheckInterval.choices,
        default=CHECK_INTERVAL_MONTHS,
        help_text="Tous les combien de mois le porteur est invité à confirmer que la fiche est "
        "à jour (rappel par courriel).",
    )
    # Transfer kit, « Pour essaimer »: what another territory needs to do it at home.
    success_conditions = models.TextField(
        "conditions de réussite",
        blank=True,
        help_text="Ce sans quoi le projet n’aurait pas marché : portage, partenariats, moyens.",
    )
    pitfalls = models.TextField(
        "points de vigilance",
        blank=True,
        help_text="Difficultés rencontrées et erreurs à éviter.",
    )
    budget_min = models.PositiveIntegerField(
        "budget annuel minimal (€)",
        null=True,
        blank=True,
        help_text="Borne basse, en euros par an.",
    )
    budget_max = models.PositiveIntegerField(
        "budget annuel maximal (€)",
        null=True,
        blank=True,
        help_text="Borne haute, en euros par an.",
    )
    funders = models.JSONField(
        "financeurs",
        default=list,
        blank=True,
        help_text="Liste de {name, type} ; types : catalogue.enums.FunderType.",
    )
    staff_fte = models.FloatField(
        "moyens humains (ETP)", null=True, blank=True, help_text="Équivalents temps plein."
    )
    setup_months = models.PositiveSmallIntegerField(
        "durée de mise en place (mois)", null=True, blank=True
    )
    essential_partners = models.TextField(
        "partenaires indispensables",
        blank=True,
        help_text="Les partenaires sans lesquels le projet ne peut pas être reproduit.",
    )
    prerequisites = models.TextField(
        "prérequis du territoire",
        blank=True,
        help_text="Ce que le territoire doit déjà avoir : acteurs, équipements, public.",
    )
    resources = models.JSONField(
        "ressources partageables",
        default=list,
        blank=True,
        help_text="Guides, outils : liste de {title, url} (lien ou fichier déposé).",
    )
    openness = models.CharField(
        "ouvert à l’essaimage",
        max_length=30,
        choices=Openness.choices,
        default=Openness.UNSPECIFIED,
    )
    offers = models.JSONField(
        "ce que le porteur propose",
        default=list,
        blank=True,
        help_text="Visite, documents, échange, accompagnement (catalogue.enums.TransferOffer).",
    )
    # Outcomes as data (the free text « Résultats » stays).
    outcomes = models.JSONField(
        "résultats en chiffres",
        default=list,
        blank=True,
        help_text="Indicateurs : liste de {indicator, value, unit, base, period_start, "
        "period_end, source, url}.",
    )
    # Lineage: this fiche replicates another fiche, or an outside project.
    replication_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name="essaimage de",
    )
    origin_name = models.CharField("projet d’origine (hors catalogue)", max_length=300, blank=True)
    origin_url = models.CharField("lien du projet d’origine", max_length=2000, blank=True)
    adaptations = models.TextField(
        "ce qui a été adapté",
        blank=True,
        help_text="Ce qui a changé par rapport au projet d’origine, et pourquoi.",
    )
    # Structured contacts of the holder and of the State referent (the 2019 `referent_emails`
    # stay as history and are not used for sending).
    contacts = models.JSONField(
        "contacts",
        default=list,
        blank=True,
        help_text="Liste de contacts (clés : catalogue.structured.CONTACT_KEYS).",
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
        indexes = [
            models.Index(fields=["status", "region"]),
            # The API's Last-Modified (api/http.py) on every answer: without it, a scan of the
            # whole table (80 ms per request at 100 000 fiches, docs/search.md).
            models.Index(fields=["updated_at"], name="catalogue_initiative_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(replication_of=models.F("pk")),
                name="initiative_not_its_own_replication",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("www:initiative", kwargs={"slug": self.slug})

    @property
    def check_period_start(self) -> datetime | None:
        """What the check interval counts from: the last verification, else the publication."""
        return self.verified_at or self.published_at

    def next_check_at(self) -> datetime | None:
        """When someone should next confirm the fiche: its own check interval after its last
        verification, else after its publication (None: never published). The one rule of
        « due » (update reminders), « vérifiée dans l'intervalle » (quality score) and the
        freshness of /statistiques/."""
        start = self.check_period_start
        if start is None:
            return None
        return add_months(start, self.check_interval_months or CHECK_INTERVAL_MONTHS)

    def check_overdue(self, now: datetime) -> bool:
        """Whether the fiche's check interval has run out at *now*."""
        due = self.next_check_at()
        return due is not None and due <= now

    def index_terms(self, relation: str) -> list:
        """The fiche's terms of one index (« keywords », « publics », « fundings »), in the
        index's order: the lists `selectors.with_list_relations` read for a whole chunk of
        fiches (an export: no queryset per fiche and relation), else the relation itself
        (prefetched by `with_relations()`, or one query)."""
        loaded = getattr(self, "loaded_index_terms", None)
        if loaded is not None:
            return loaded[relation]
        return list(getattr(self, relation).all())

    def verified_within_interval(self, now: datetime) -> bool:
        """Someone confirmed the fiche, and less than its check interval ago."""
        return self.verified_at is not None and not self.check_overdue(now)

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
        verbose_name = "dernier import d’une fiche"
        verbose_name_plural = "derniers imports des fiches"

    def __str__(self) -> str:
        return f"{self.initiative} ({self.source or 'import'}, {self.imported_at:%Y-%m-%d})"

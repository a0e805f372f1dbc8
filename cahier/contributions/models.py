"""Calls for initiatives, who submitted what, revisions, comments and the audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cahier.catalogue.models import Initiative, Region
from cahier.core import roles

from .enums import AuditAction, SpreadsheetImportStatus, UpdateSource, UpdateState


class CallQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Call(models.Model):
    """An « appel à remontée d'initiatives »: contributors submit while it is open."""

    title = models.CharField("intitulé", max_length=200)
    text = models.TextField("texte de l’appel", blank=True)
    opens_at = models.DateTimeField("ouverture")
    closes_at = models.DateTimeField("clôture")
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="calls",
        verbose_name="régions concernées",
        help_text="Laisser vide pour un appel national (toutes les régions).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = "appel à remontée d’initiatives"
        verbose_name_plural = "appels à remontée d’initiatives"
        ordering = ["-opens_at"]
        # One permission per action, declared in core.roles (granted to « Curateurs »).
        permissions = roles.PERMISSIONS

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def state_label(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "à venir"
        return "ouvert" if now < self.closes_at else "clos"


class Submission(models.Model):
    """Who proposed an initiative, and in answer to which call."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="submission", verbose_name="initiative"
    )
    call = models.ForeignKey(
        Call,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name="appel",
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name="contributeur",
    )
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "proposition"
        verbose_name_plural = "propositions"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.contributor})"


class Revision(models.Model):
    """A snapshot of every fact of a fiche after one save (see services.snapshot)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="revisions", verbose_name="initiative"
    )
    version = models.PositiveIntegerField("version de la fiche")
    data = models.JSONField("contenu")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    comment = models.CharField("commentaire", max_length=500, blank=True)
    created_at = models.DateTimeField("date", default=timezone.now)

    class Meta:
        verbose_name = "révision"
        verbose_name_plural = "révisions"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.initiative} — version {self.version}"


class Comment(models.Model):
    """A curator's (or the contributor's) remark on a submission; both of them see it."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="comments", verbose_name="initiative"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="auteur",
    )
    text = models.TextField("commentaire")
    created_at = models.DateTimeField("date", default=timezone.now)

    class Meta:
        verbose_name = "commentaire"
        verbose_name_plural = "commentaires"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class AuditLogEntry(models.Model):
    """Who did what, when and why. Written by the services only, never edited."""

    action = models.CharField("action", max_length=60, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="initiative",
    )
    call = models.ForeignKey(
        Call, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    reason = models.TextField("motif", blank=True)
    data = models.JSONField("détails", default=dict, blank=True)
    created_at = models.DateTimeField("date", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des actions"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class AccountActivation(models.Model):
    """The e-mail verification of an account made by sign-up. The link carries only an opaque
    random key; this row keeps its SHA-256 (a leaked database gives no working link), when it
    was made, the account's state it is bound to, and when it was used. A used row stays: it
    tells an account deactivated since from one still waiting for its first activation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation"
    )
    key_hash = models.CharField("empreinte de la clé", max_length=64, unique=True)
    state = models.CharField("état du compte lié", max_length=100)
    created_at = models.DateTimeField("envoyée le", default=timezone.now)
    used_at = models.DateTimeField("utilisée le", null=True, blank=True)

    class Meta:
        verbose_name = "activation de compte"
        verbose_name_plural = "activations de compte"

    def __str__(self):
        return f"Activation de {self.user}"


class SpreadsheetImport(models.Model):
    """A spreadsheet of initiatives a curator uploaded (or `cahier import` read): the file
    itself, kept in the database so that its preview survives a reload and any server process
    can confirm it (it is read and checked again then), who sent it and when, and the fiches
    its confirmation created (their provenance)."""

    file_name = models.CharField("fichier", max_length=255)
    content = models.BinaryField("contenu du fichier")
    status = models.CharField(
        "état",
        max_length=20,
        choices=SpreadsheetImportStatus.choices,
        default=SpreadsheetImportStatus.PENDING,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposé par",
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importé par",
    )
    imported_at = models.DateTimeField("importé le", null=True, blank=True)
    published = models.BooleanField("fiches publiées directement", default=False)
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="spreadsheet_imports", verbose_name="fiches créées"
    )

    class Meta:
        verbose_name = "import de tableur"
        verbose_name_plural = "imports de tableurs"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class DismissedFigure(models.Model):
    """A figure of a fiche's « Résultats » that a curator chose not to turn into an indicator
    (catalogue/figures.py): it is not proposed again for this fiche."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="dismissed_figures"
    )
    key = models.CharField("clé", max_length=40)
    context = models.TextField("passage", blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("date", default=timezone.now)

    class Meta:
        verbose_name = "chiffre écarté"
        verbose_name_plural = "chiffres écartés"
        constraints = [
            models.UniqueConstraint(fields=["initiative", "key"], name="dismissed_figure_once")
        ]

    def __str__(self) -> str:
        return self.context or self.key


class UpdateProposal(models.Model):
    """A change of a published fiche proposed by its holder (the reminder's signed link, or
    « Mes initiatives »): the whole proposed fiche, as a Revision holds it, and the fiche as
    the holder saw it (the base of the three-way merge when a curator edited it meanwhile).
    The published fiche does not change until a curator accepts (contributions/updates.py)."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="update_proposals",
        verbose_name="fiche",
    )
    data = models.JSONField("fiche proposée")
    base_version = models.PositiveIntegerField("version de départ")
    base_data = models.JSONField("fiche de départ")
    source = models.CharField("origine", max_length=20, choices=UpdateSource.choices)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposée par",
    )
    proposer_email = models.EmailField("adresse de la personne", blank=True)
    proposer_name = models.CharField("nom de la personne", max_length=150, blank=True)
    note = models.TextField("message aux curateurs", blank=True)
    state = models.CharField(
        "état", max_length=20, choices=UpdateState.choices, default=UpdateState.PENDING
    )
    reason = models.TextField("motif du refus", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    created_at = models.DateTimeField("proposée le", default=timezone.now)

    class Meta:
        verbose_name = "mise à jour proposée"
        verbose_name_plural = "mises à jour proposées"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "source"],
                condition=models.Q(state="pending"),
                name="update_proposal_one_pending_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.get_state_display()}"

    @property
    def contact_email(self) -> str:
        """Where the decision is sent: the address typed with the link, else the account's."""
        if self.proposer_email:
            return self.proposer_email
        return self.proposer.email if self.proposer else ""

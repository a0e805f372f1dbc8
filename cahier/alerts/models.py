"""E-mail alerts: a subscription (an address and a search of the site), the digests sent to it
and, per fiche, what each digest carried. Written only by services.py and sending.py."""

import uuid

from django.db import models

from cahier.catalogue.models import Initiative

from .enums import DigestStatus, Frequency, SubscriptionStatus


class Subscription(models.Model):
    """« Me prévenir » for one address and one search. `query` is the canonical URL query of
    the search page (site spelling, words and filters only: searches.AlertQuery), "" for every
    new fiche. No account: the signed links carry `key` (tokens.py)."""

    key = models.UUIDField("clé des liens", unique=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("adresse électronique", max_length=254)
    query = models.CharField("recherche (paramètres de l’adresse)", max_length=2000, blank=True)
    frequency = models.CharField(
        "fréquence", max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    status = models.CharField(
        "état",
        max_length=20,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    created_at = models.DateTimeField("demandée le")
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)
    # Fiches published after the watermark are new for this subscription (sending.py).
    watermark = models.DateTimeField("nouveautés après", null=True, blank=True)
    # Start of the current period (confirmation, then each digest due): weekly and monthly.
    period_start = models.DateTimeField("période commencée le", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement à une alerte"
        verbose_name_plural = "abonnements aux alertes"
        ordering = ["email", "query"]
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="alert_unique_email_query")
        ]
        indexes = [models.Index(fields=["status", "frequency"], name="alert_status_frequency")]

    def __str__(self) -> str:
        return f"{self.email} — {self.query or 'toutes les initiatives'}"

    @property
    def confirmed(self) -> bool:
        return self.status == SubscriptionStatus.CONFIRMED


class Digest(models.Model):
    """One e-mail to one subscription: recorded with its deliveries before it is sent."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="digests", verbose_name="abonnement"
    )
    status = models.CharField(
        "état", max_length=20, choices=DigestStatus.choices, default=DigestStatus.PREPARED
    )
    prepared_at = models.DateTimeField("préparée le")
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)

    class Meta:
        verbose_name = "courriel d’alerte"
        verbose_name_plural = "courriels d’alerte"
        ordering = ["-prepared_at"]
        indexes = [models.Index(fields=["status"], name="alert_digest_status")]

    def __str__(self) -> str:
        return f"{self.subscription} — {self.prepared_at:%Y-%m-%d %H:%M}"


class Delivery(models.Model):
    """A fiche announced to a subscription: at most once, ever (the unique constraint)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="alert_deliveries"
    )

    class Meta:
        verbose_name = "fiche annoncée"
        verbose_name_plural = "fiches annoncées"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "initiative"], name="alert_delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.subscription_id}"

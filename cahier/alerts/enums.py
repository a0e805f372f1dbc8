"""Fixed choices of the e-mail alerts."""

from django.db import models


class Frequency(models.TextChoices):
    """How often a subscriber hears of new fiches (see sending.due)."""

    IMMEDIATE = "immediat", "Immédiat\u00a0: à chaque passage de l’envoi"
    WEEKLY = "hebdomadaire", "Hebdomadaire\u00a0: au plus un courriel par semaine"
    MONTHLY = "mensuel", "Mensuel\u00a0: au plus un courriel par mois"


class SubscriptionStatus(models.TextChoices):
    PENDING = "en_attente", "En attente de confirmation"
    CONFIRMED = "confirmee", "Confirmée"


class DigestStatus(models.TextChoices):
    """A digest is recorded (with its fiches) before it is sent: see docs/essaimage.md."""

    PREPARED = "preparee", "Préparée (envoi en cours, ou interrompu)"
    SENT = "envoyee", "Envoyée"
    FAILED = "echec", "Refusée par le serveur de courriel (renvoyée au passage suivant)"


# In sentences (« Fréquence : hebdomadaire »).
FREQUENCY_WORDS = {
    Frequency.IMMEDIATE: "immédiate",
    Frequency.WEEKLY: "hebdomadaire",
    Frequency.MONTHLY: "mensuelle",
}

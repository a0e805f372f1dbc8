from django.db import models


class CheckInterval(models.IntegerChoices):
    """How often a published fiche's holder is asked to confirm it (months)."""

    SIX = 6, "Tous les 6 mois"
    TWELVE = 12, "Tous les 12 mois"
    TWENTY_FOUR = 24, "Tous les 24 mois"


class Answer(models.TextChoices):
    """What the holder answered through the reminder's link ("" while unanswered)."""

    NONE = "", "Pas de réponse"
    CURRENT = "current", "Toujours d’actualité"
    UPDATE = "update", "À mettre à jour"
    ENDED = "ended", "Le projet est terminé"

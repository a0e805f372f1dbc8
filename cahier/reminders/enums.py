from django.db import models


class Answer(models.TextChoices):
    """What the holder answered through the reminder's link ("" while unanswered)."""

    NONE = "", "Pas de réponse"
    CURRENT = "current", "Toujours d’actualité"
    UPDATE = "update", "À mettre à jour"
    ENDED = "ended", "Le projet est terminé"

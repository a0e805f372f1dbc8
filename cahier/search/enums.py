from django.db import models


class Sort(models.TextChoices):
    """Orders of a result list. The values are what the site URL (`tri=`), the API (`sort=`)
    and `cahier search --sort` take."""

    RELEVANCE = "pertinence", "Pertinence"
    TITLE = "titre", "Titre"
    REGION = "region", "Région"
    NUMBER = "numero", "Numéro de fiche"
    UPDATED = "mise-a-jour", "Date de mise à jour"
    YEAR = "annee", "Année de l’événement"

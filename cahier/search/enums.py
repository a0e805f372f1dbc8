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
    REPLICATIONS = "essaimages", "Nombre d’essaimages"


class Replicated(models.TextChoices):
    """Values of the « essaimé » filter: whether at least one published fiche replicates a fiche
    (`Initiative.replication_of`)."""

    YES = "oui", "Oui"
    NO = "non", "Non"

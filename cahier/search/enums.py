from django.db import models

from cahier.core.text import fold


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

    @classmethod
    def spelled(cls, text: str) -> str:
        """The value *text* spells, case, accents, « _ » and spaces aside (« mise_a_jour »,
        « Numéro », « mise à jour »); *text* itself when it spells none."""
        key = "-".join(fold(text).lower().replace("_", " ").split())
        return key if key in cls.values else text


class Replicated(models.TextChoices):
    """Values of the « essaimé » filter: whether at least one published fiche replicates a fiche
    (`Initiative.replication_of`)."""

    YES = "oui", "Oui"
    NO = "non", "Non"


class RecoveryKind(models.TextChoices):
    """What the search did with words the index does not have (`recovery.Recovery.kind`, the
    API's `recoveries[].kind`): see cahier/search/recovery.py."""

    CORRECTION = "correction", "Faute de frappe corrigée"
    FAMILY = "famille", "Mots de la même famille"
    SUGGESTION = "suggestion", "Vouliez-vous dire"
    PLACES = "lieux-voisins", "Lieux du même groupe"
    VARIANT = "variante", "Variante appliquée faute de résultat"

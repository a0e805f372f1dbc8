"""Fixed choices of the catalogue. Taxonomies that curators edit are tables, not enums."""

from django.db import models


class EventKind(models.TextChoices):
    JITE = "JITE", "JITE"
    TROPHEES_FSE = "Trophées FSE", "Trophées FSE"


class ProvenanceStatus(models.TextChoices):
    PRESENTED = "présenté", "présenté"
    COLLECTED = "recueilli non présenté", "recueilli non présenté"
    SELECTED = "retenu", "retenu"
    NOT_SELECTED = "non retenu", "non retenu"


class PublicationStatus(models.TextChoices):
    """Where an initiative stands in the curation workflow (see cahier.contributions)."""

    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumise"
    IN_REVIEW = "in_review", "En cours d’examen"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    PUBLISHED = "published", "Publiée"
    REJECTED = "rejected", "Refusée"
    ARCHIVED = "archived", "Archivée"


class ProjectStatus(models.TextChoices):
    """Whether the project itself still runs (not where its fiche stands in curation)."""

    ONGOING = "en cours", "En cours"
    ENDED = "terminé", "Terminé"
    PLANNED = "en projet", "En projet"
    UNKNOWN = "inconnu", "Inconnu"


class Openness(models.TextChoices):
    """Whether the holder welcomes other territories who want to replicate the project."""

    YES = "oui", "Oui"
    WITH_SUPPORT = "oui avec accompagnement", "Oui, avec accompagnement"
    NO = "non", "Non"
    UNSPECIFIED = "non précisé", "Non précisé"


class TransferOffer(models.TextChoices):
    """What the holder offers to a territory that replicates the project."""

    VISIT = "visite", "Visite sur place"
    DOCUMENTS = "documents", "Documents"
    EXCHANGE = "échange", "Échange avec l’équipe"
    SUPPORT = "accompagnement", "Accompagnement"


class FunderType(models.TextChoices):
    STATE = "etat", "État"
    ESF = "fse", "FSE / FSE+"
    REGION = "region", "Région"
    DEPARTMENT = "departement", "Département"
    MUNICIPALITY = "commune", "Commune ou intercommunalité"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    PRIVATE = "prive", "Fondation ou financeur privé"
    OTHER = "autre", "Autre"


class OutcomeSource(models.TextChoices):
    """Where an indicator's value comes from: what a reader needs to weigh it."""

    DECLARED = "déclaratif", "Déclaratif"
    ADMINISTRATIVE = "données administratives", "Données administratives"
    EXTERNAL_EVALUATION = "évaluation externe", "Évaluation externe"


class ContactRole(models.TextChoices):
    HOLDER = "porteur", "Porteur du projet"
    REFERENT = "referent", "Référent de l’État"


# Annual budget ranges offered by the forms (euros; None: no bound). The fiche stores the two
# bounds, so a range not listed here (from an import or the API) is kept as it is.
BUDGET_RANGES: list[tuple[int, int | None]] = [
    (0, 10_000),
    (10_000, 50_000),
    (50_000, 150_000),
    (150_000, 500_000),
    (500_000, None),
]


class CheckInterval(models.IntegerChoices):
    """How often the holder of a published fiche is asked to confirm it is still accurate
    (months): the fiche's `check_interval_months`, chosen in the proposal form."""

    SIX = 6, "Tous les 6\u00a0mois"
    TWELVE = 12, "Tous les 12\u00a0mois"
    TWENTY_FOUR = 24, "Tous les 24\u00a0mois"


# The check interval of a fiche whose holder chose none (forms, imports, older exports): the
# one default of the update reminders, the quality criterion « vérifiée dans l'intervalle » and
# the freshness of /statistiques/ (each reads the fiche's own interval: Initiative.next_check_at).
CHECK_INTERVAL_MONTHS = CheckInterval.TWELVE

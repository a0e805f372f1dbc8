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
    IN_REVIEW = "in_review", "En cours d'examen"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    PUBLISHED = "published", "Publiée"
    REJECTED = "rejected", "Refusée"
    ARCHIVED = "archived", "Archivée"

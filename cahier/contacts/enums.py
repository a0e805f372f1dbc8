"""Fixed choices of the contacts app (« Je souhaite m'inspirer de ce projet »)."""

from django.db import models


class RequestStatus(models.TextChoices):
    """Where a contact request stands (docs/essaimage.md)."""

    SENT = "envoyee", "Envoyée"
    ANSWERED = "repondue", "Répondue"
    UNANSWERED = "sans_reponse", "Sans réponse"
    # Stored and shown to curators, but nobody could be written to (no current address).
    NO_RECIPIENT = "sans_destinataire", "Sans destinataire"


class RecipientKind(models.TextChoices):
    """Who a request went to (the addresses themselves are never stored on the request)."""

    HOLDER = "porteur", "Porteur du projet"
    REFERENT = "referent", "Référent de l’État pour la fiche"
    REGION_REFERENT = "referent_regional", "Référent régional"


class AnsweredBy(models.TextChoices):
    HOLDER = "destinataire", "Un destinataire (lien du courriel)"
    CURATOR = "curateur", "Un curateur"

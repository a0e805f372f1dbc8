"""Fixed choices of the contributions app."""

from django.db import models


class AuditAction(models.TextChoices):
    """What the audit log records, named « object.verb » (the pretix convention)."""

    INITIATIVE_CREATED = "initiative.created", "Fiche créée"
    INITIATIVE_UPDATED = "initiative.updated", "Fiche modifiée"
    INITIATIVE_DELETED = "initiative.deleted", "Brouillon supprimé"
    INITIATIVE_RESTORED = "initiative.restored", "Ancienne version restaurée"
    INITIATIVE_SUBMITTED = "initiative.submitted", "Fiche soumise"
    INITIATIVE_REVIEW_STARTED = "initiative.review_started", "Examen commencé"
    INITIATIVE_CHANGES_REQUESTED = "initiative.changes_requested", "Modifications demandées"
    INITIATIVE_PUBLISHED = "initiative.published", "Fiche publiée"
    INITIATIVE_REJECTED = "initiative.rejected", "Fiche refusée"
    INITIATIVE_ARCHIVED = "initiative.archived", "Fiche archivée"
    INITIATIVE_REOPENED = "initiative.reopened", "Fiche rouverte"
    INITIATIVE_COMMENTED = "initiative.commented", "Commentaire"
    INITIATIVE_MERGED = "initiative.merged", "Doublon fusionné"
    INITIATIVE_NUMBERED = "initiative.numbered", "Numérotée dans l’édition"
    INITIATIVE_FIGURE_DISMISSED = "initiative.figure_dismissed", "Chiffre des résultats écarté"
    EDITION_PUBLISHED = "edition.published", "Édition publiée"
    EDITION_UNPUBLISHED = "edition.unpublished", "Édition retirée"
    EDITION_MADE_CURRENT = "edition.made_current", "Édition de référence choisie"
    INITIATIVE_IMPORTED = "initiative.imported", "Fiche importée"
    INITIATIVE_IMPORTED_SPREADSHEET = (
        "initiative.imported_spreadsheet",
        "Fiche importée d’un tableur",
    )
    SPREADSHEET_IMPORTED = "spreadsheet.imported", "Tableur importé"
    CALL_CREATED = "call.created", "Appel créé"
    CALL_UPDATED = "call.updated", "Appel modifié"
    CALL_OPENED = "call.opened", "Appel ouvert"
    CALL_CLOSED = "call.closed", "Appel clos"
    USER_SIGNED_UP = "user.signed_up", "Inscription"
    USER_ACTIVATED = "user.activated", "Adresse vérifiée"
    USER_INVITED = "user.invited", "Contributeur invité"
    USER_CURATOR_GRANTED = "user.curator_granted", "Rôle de curateur accordé"
    USER_CURATOR_REVOKED = "user.curator_revoked", "Rôle de curateur retiré"
    EVENT_SAVED = "event.saved", "Événement enregistré"
    # Contacts (cahier/contacts): the regions' referents and requests marked answered.
    REGION_REFERENT_SET = "region.referent_set", "Référent régional modifié"
    CONTACT_ANSWERED = "contact.answered", "Demande de contact marquée répondue"
    INSTITUTION_CHANGE_SAVED = "institution_change.saved", "Changement de nom enregistré"
    INSTITUTION_CHANGE_DELETED = "institution_change.deleted", "Changement de nom supprimé"
    # Updates of a published fiche proposed by its holder (contributions/updates.py).
    UPDATE_PROPOSED = "update_proposal.created", "Mise à jour proposée"
    UPDATE_REPLACED = "update_proposal.replaced", "Mise à jour proposée remplacée"
    UPDATE_ACCEPTED = "update_proposal.accepted", "Mise à jour proposée acceptée"
    UPDATE_REJECTED = "update_proposal.rejected", "Mise à jour proposée refusée"


class SpreadsheetImportStatus(models.TextChoices):
    """Where an uploaded spreadsheet stands: checked and waiting for the curator's
    confirmation, or imported (its fiches created)."""

    PENDING = "pending", "En attente de confirmation"
    IMPORTED = "imported", "Importé"


class UpdateSource(models.TextChoices):
    """Where a proposed update of a published fiche came from."""

    REMINDER = "reminder", "Lien du rappel de mise à jour"
    HOLDER = "holder", "Porteur connecté"


class UpdateState(models.TextChoices):
    """A proposed update waits for a curator; a second one from the same source replaces it."""

    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REJECTED = "rejected", "Refusée"
    REPLACED = "replaced", "Remplacée par une plus récente"

"""A reader's request to be put in touch with the people behind a fiche."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cahier.catalogue.models import Initiative

from .enums import AnsweredBy, RequestStatus


class ContactRequestQuerySet(models.QuerySet):
    def personal(self):
        """Requests still holding personal data (not yet anonymised)."""
        return self.filter(anonymised_at__isnull=True)


class ContactRequest(models.Model):
    """Written by `contacts.services` only. Personal data (name, organisation, e-mail,
    message) is erased 12 months after the request (`cahier contacts purge`); the dates,
    status, territory and recipients' roles stay for statistics."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="contact_requests",
        verbose_name="fiche",
    )
    name = models.CharField("nom", max_length=150, blank=True)
    organisation = models.CharField("organisme", max_length=200, blank=True)
    territory = models.CharField("territoire", max_length=200, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    message = models.TextField("message", blank=True)
    status = models.CharField(
        "état", max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT
    )
    # Roles and organisations written to, never their addresses: [{kind, organisation}].
    recipients = models.JSONField("destinataires", default=list, blank=True)
    # The form's one-time key: a double submit finds the request it already made.
    idempotency_key = models.CharField("clé d’envoi", max_length=64, unique=True)
    created_at = models.DateTimeField("envoyée le", default=timezone.now, db_index=True)
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)
    answered_by = models.CharField(
        "marquée répondue par", max_length=20, choices=AnsweredBy.choices, blank=True
    )
    closed_at = models.DateTimeField("close sans réponse le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    answered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="curateur",
    )

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Demande {self.pk} sur « {self.initiative} »"

"""Update reminders: one Reminder per fiche and due period (the period is named by the date
it is counted from: the fiche's last verification, else its publication; its length is the
fiche's own `check_interval_months`, in the catalogue). Written only by services.py."""

import uuid

from django.db import models

from cahier.catalogue.models import Initiative

from .enums import Answer


class Reminder(models.Model):
    """The reminders of one fiche for one period: at most two e-mails, then the curators'
    queue « À vérifier » if nobody answered. Recorded before each e-mail leaves."""

    key = models.UUIDField("clé du lien", unique=True, default=uuid.uuid4, editable=False)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="reminders", verbose_name="fiche"
    )
    period_start = models.DateTimeField("période comptée depuis")
    due_at = models.DateTimeField("due le")
    recipients = models.JSONField("destinataires", default=list, blank=True)
    first_sent_at = models.DateTimeField("1er rappel le", null=True, blank=True)
    second_sent_at = models.DateTimeField("2e rappel le", null=True, blank=True)
    answer = models.CharField(
        "réponse", max_length=20, choices=Answer.choices, default=Answer.NONE, blank=True
    )
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)

    class Meta:
        verbose_name = "rappel de mise à jour"
        verbose_name_plural = "rappels de mise à jour"
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period_start"], name="reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} — {self.period_start:%Y-%m-%d}"

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def sent_count(self) -> int:
        return (self.first_sent_at is not None) + (self.second_sent_at is not None)

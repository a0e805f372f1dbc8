"""How many times each published fiche was read, per day: nothing else (no visitor, no address,
no browser), see docs/living-catalogue.md « Consultations »."""

from django.db import models

from cahier.catalogue.models import Initiative


class FicheViews(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", verbose_name="fiche"
    )
    day = models.DateField("jour")
    views = models.PositiveIntegerField("consultations", default=0)

    class Meta:
        verbose_name = "consultations d’une fiche (un jour)"
        verbose_name_plural = "consultations des fiches (par jour)"
        constraints = [
            # The target of `services.fiche_view_record`'s ON CONFLICT: do not rename lightly.
            models.UniqueConstraint(fields=["initiative", "day"], name="audience_one_row_per_day"),
        ]
        indexes = [models.Index(fields=["day"], name="audience_day")]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.day} · {self.views}"

"""The last check of each link of a published fiche (written by `services.links_check`)."""

from django.db import models

from cahier.catalogue.models import Initiative

from .enums import LinkField, LinkStatus


class LinkCheck(models.Model):
    """One link of one fiche, where it is on the fiche, and what its last check found. The
    fiche itself never changes: curators read these rows (« Liens cassés ») and decide."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="link_checks", verbose_name="fiche"
    )
    field = models.CharField("champ", max_length=20, choices=LinkField.choices)
    url = models.CharField("lien", max_length=2000)
    status = models.CharField("résultat", max_length=20, choices=LinkStatus.choices)
    http_code = models.PositiveSmallIntegerField("code HTTP", null=True, blank=True)
    final_url = models.CharField("adresse finale", max_length=2000, blank=True)
    message = models.CharField("explication", max_length=500, blank=True)
    checked_at = models.DateTimeField("vérifié le")
    consecutive_failures = models.PositiveIntegerField("échecs consécutifs", default=0)

    class Meta:
        verbose_name = "vérification d’un lien"
        verbose_name_plural = "vérifications des liens"
        ordering = ["initiative__title", "field", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "field", "url"], name="linkcheck_one_row_per_link"
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_status_display()})"

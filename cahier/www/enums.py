"""Fixed choices of the public site."""

from django.db import models


class EmbedTheme(models.TextChoices):
    """Colours of the embedded list (`?theme=` of /integrer/liste/): the DSFR's light or dark
    theme."""

    LIGHT = "clair", "Clair"
    DARK = "sombre", "Sombre"

    @property
    def dsfr(self) -> str:
        """The value of the DSFR's `data-fr-theme` attribute."""
        return "dark" if self == EmbedTheme.DARK else "light"

"""Fixed choices of the link checker."""

from django.db import models


class LinkStatus(models.TextChoices):
    """What the last check of a link found."""

    OK = "ok", "Répond"
    REDIRECT = "redirect", "Redirigé"
    BROKEN = "broken", "Cassé"
    TIMEOUT = "timeout", "Délai dépassé"
    TLS_ERROR = "tls_error", "Erreur de certificat (TLS)"
    ERROR = "error", "Injoignable"


# The statuses of a link that does not answer: the curators' queue and the quality score.
PROBLEMS = frozenset(
    {LinkStatus.BROKEN, LinkStatus.TIMEOUT, LinkStatus.TLS_ERROR, LinkStatus.ERROR}
)


class LinkField(models.TextChoices):
    """Where on the fiche the link is (the Initiative field)."""

    LINKS = "links", "Liens"
    RESOURCES = "resources", "Ressources partageables"
    OUTCOMES = "outcomes", "Source d’un résultat chiffré"
    ORIGIN = "origin_url", "Projet d’origine"

"""Who publishes and hosts the site, whom to write to: the CAHIER_PUBLISHER_* settings (and
CAHIER_SERVER_LOG_RETENTION). Their defaults are either true of every deployment (the DGEFP
publishes the cahier) or placeholders in [brackets] that only the operator can fill; the
pages show a placeholder as it is, and `cahier check --deploy` warns while one is left."""

from dataclasses import dataclass

from django.conf import settings

from cahier.core.contact import is_address, is_placeholder

# Setting name → what the pages call it (for the deploy warning).
SETTINGS = {
    "CAHIER_PUBLISHER_NAME": "éditeur",
    "CAHIER_PUBLISHER_ADDRESS": "adresse de l’éditeur",
    "CAHIER_PUBLISHER_DIRECTOR": "directeur ou directrice de la publication",
    "CAHIER_PUBLISHER_EMAIL": "adresse de contact",
    "CAHIER_PUBLISHER_DPO": "délégué à la protection des données",
    "CAHIER_PUBLISHER_HOST": "hébergeur",
    "CAHIER_SERVER_LOG_RETENTION": "durée de conservation des journaux du serveur",
}


@dataclass(frozen=True)
class Publisher:
    name: str
    address: str
    director: str
    email: str
    dpo: str
    host: str
    log_retention: str

    @property
    def email_is_address(self) -> bool:
        """A real address becomes a mailto: link; a placeholder stays text."""
        return is_address(self.email)


def publisher() -> Publisher:
    return Publisher(
        name=settings.CAHIER_PUBLISHER_NAME,
        address=settings.CAHIER_PUBLISHER_ADDRESS,
        director=settings.CAHIER_PUBLISHER_DIRECTOR,
        email=settings.CAHIER_PUBLISHER_EMAIL,
        dpo=settings.CAHIER_PUBLISHER_DPO,
        host=settings.CAHIER_PUBLISHER_HOST,
        log_retention=settings.CAHIER_SERVER_LOG_RETENTION,
    )


def placeholders_left() -> list[str]:
    """The settings still holding a placeholder."""
    return [name for name in SETTINGS if is_placeholder(getattr(settings, name))]

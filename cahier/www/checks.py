"""`cahier check --deploy`: the public address the feeds, the sitemap, the OpenGraph tags and
the short links are written with (settings.CAHIER_BASE_URL) must be the real one."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind


@register(Tags.security, deploy=True)
def public_address(app_configs, **kwargs):
    base = urlsplit(settings.CAHIER_BASE_URL)
    if base.scheme == "https" and base.hostname and base.hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"CAHIER_BASE_URL vaut « {settings.CAHIER_BASE_URL} » : les courriels, les flux "
            "Atom, sitemap.xml, robots.txt, les balises OpenGraph et les liens courts "
            "pointeraient vers cette adresse.",
            hint="Définissez CAHIER_BASE_URL=https://… (l’adresse publique du site).",
            id="www.W001",
        )
    ]

"""Production: DEBUG off, SECRET_KEY and ALLOWED_HOSTS from the environment, HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

# DEBUG=1 in the environment must not turn the debug pages on in production (they show the
# settings and the code); base.py read it, this file decides.
DEBUG = False
if not SECRET_KEY or SECRET_KEY.startswith("dev-only-"):
    # base.py gave the development key because DEBUG=1 was set: never in production.
    raise ImproperlyConfigured(
        "SECRET_KEY est obligatoire en production : définissez la variable d'environnement "
        "SECRET_KEY (DEBUG est ignoré par config.settings.prod)."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS, never readable from scripts where not needed, sent first-party only.
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

"""Settings shared by every environment; everything that varies comes from the environment."""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CAHIER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY est obligatoire quand DEBUG est désactivé : "
            "définissez la variable d'environnement SECRET_KEY."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the sitemap.xml template of www/sitemaps.py
    "dsfr",
    "widget_tweaks",  # django-dsfr's checkbox and radio snippets load it
    "django_htmx",
    "corsheaders",
    "axes",
    "ninja",  # the API docs page from ninja's own static files, not from a CDN
    # Background tasks: django-tasks (the django.tasks API of Django 6) and its database
    # backend, whose queue `cahier worker` reads (docs/living-catalogue.md).
    "django_tasks",
    "django_tasks_db",
    "cahier.core",
    "cahier.catalogue",
    "cahier.search",
    "cahier.contributions",
    "cahier.editions",
    "cahier.opendata",
    "cahier.api",
    "cahier.www",
    "cahier.backup",
    "cahier.links",
    "cahier.alerts",
    "cahier.contacts",
    "cahier.reminders",
    "cahier.audience",
    "cahier.legal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Counts readings of fiche pages on the way out: keep it above any cache middleware, so
    # that a page answered from a cache counts too (cahier/audience/middleware.py).
    "cahier.audience.middleware.FicheViewsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cahier.core.http.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Whole pages for anonymous readers, keyed by the catalogue generation: below the counter
    # and the headers above, above the session (a kept page costs no session query).
    # CAHIER_PAGE_CACHE=0 leaves it out (measures, diagnosis).
    *(["cahier.www.pagecache.PageCacheMiddleware"] if env_bool("CAHIER_PAGE_CACHE", True) else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Every form's fields through our copies of django-dsfr's field templates (core/forms.py).
FORM_RENDERER = "cahier.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cahier" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cahier.core.roles.context",
                "cahier.catalogue.context_processors.acronyms",
                # Not dsfr.context_processors.site_config: two queries on every page for a
                # SITE_CONFIG no template uses (www/base.html writes the header and footer).
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'cahier.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet: the embedded database must just work.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers (gunicorn workers) go on while an import writes;
    # IMMEDIATE avoids "database is locked" upgrades inside write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # One connection kept per process, as on PostgreSQL: opening one (and its PRAGMAs) costs
    # 3–4 ms a page, and closing the last one after a write makes SQLite checkpoint and fsync
    # (docs/living-catalogue.md « Ce que coûte le comptage »).
    DATABASES["default"]["CONN_MAX_AGE"] = 60

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "cahier" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    },
    # Whole pages for anonymous readers (cahier/www/pagecache.py): one file cache per server,
    # coherent through the catalogue generation in the database, never through a clock.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache-pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cahier <ne-pas-repondre@cahier.local>")

LOGIN_URL = "/connexion/"
LOGIN_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # also the lifetime of an invitation link
LOGOUT_REDIRECT_URL = None

# Search structures per process (cahier/search/state.py): patched with the fiches a change
# touched (off: every change rebuilds them all, as before); built when a server process starts
# (config/wsgi.py), so that its first query does not pay for them.
SEARCH_INCREMENTAL = env_bool("CAHIER_SEARCH_INCREMENTAL", True)
SEARCH_WARM_AT_BOOT = env_bool("CAHIER_SEARCH_WARM", True)

# `cahier import` refuses a larger document (read by chunks, never past this size).
CAHIER_IMPORT_MAX_BYTES = int(os.environ.get("CAHIER_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))

# Behind a reverse proxy, the request.META key of the header holding the client's address
# (HTTP_X_FORWARDED_FOR, HTTP_X_REAL_IP…); RATELIMIT_IP_META_KEY is its former name.
CAHIER_CLIENT_IP_HEADER = os.environ.get(
    "CAHIER_CLIENT_IP_HEADER", os.environ.get("RATELIMIT_IP_META_KEY", "")
)

# Failed log-ins are counted by django-axes in the database (table axes_accessattempt), per
# account and per client address: a cache that culls its entries cannot reset them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CAHIER_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CAHIER_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cahier.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "cahier.contributions.views.auth.locked_out"
AXES_USERNAME_CALLABLE = "cahier.contributions.views.auth.login_username"
AXES_VERBOSE = False
# Successful log-ins are not journalled (axes_accesslog): nothing uses them, and the personal
# data page says so (cahier/legal). Failed attempts are deleted once the cool-off has passed.
AXES_DISABLE_ACCESS_LOG = True

# django-ratelimit counts in the default cache, per client address or per user (sign-up,
# password reset, submissions); see docs/contributions.md.
CAHIER_RATELIMITS = {
    "login": os.environ.get("CAHIER_RATELIMIT_LOGIN", "10/5m"),
    "signup": os.environ.get("CAHIER_RATELIMIT_SIGNUP", "5/h"),
    # « Renvoyer le lien » d'activation: per e-mail (the client address counts as a sign-up).
    "activation_resend": os.environ.get("CAHIER_RATELIMIT_ACTIVATION_RESEND", "3/h"),
    "submission": os.environ.get("CAHIER_RATELIMIT_SUBMISSION", "60/h"),
    # Per account: each comment is stored and e-mailed.
    "comment": os.environ.get("CAHIER_RATELIMIT_COMMENT", "30/h"),
    # E-mail alerts (docs/essaimage.md): requests per client address, per e-mail.
    "alert": os.environ.get("CAHIER_RATELIMIT_ALERT", "20/h"),
    "alert_email": os.environ.get("CAHIER_RATELIMIT_ALERT_EMAIL", "5/h"),
    # « Je souhaite m'inspirer de ce projet »: per client address, and per requester's e-mail.
    "contact": os.environ.get("CAHIER_RATELIMIT_CONTACT", "10/h"),
    "contact_email": os.environ.get("CAHIER_RATELIMIT_CONTACT_EMAIL", "5/d"),
}
RATELIMIT_IP_META_KEY = "cahier.core.http.client_ip"

# The API is public and read-only for other origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Content-Security-Policy (django-csp): everything from our own origin, no inline script, no
# inline style, no eval, no plug-in, no framing; see docs/website.md. `data:` images: the DSFR
# and Swagger UI stylesheets draw their icons as data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The one page other sites may frame, the embeddable list (/integrer/liste/, see
# docs/integration.md): its frame-ancestors sources, e.g. "https://dreets.example.gouv.fr".
CAHIER_EMBED_FRAME_ANCESTORS = env_list("CAHIER_EMBED_FRAME_ANCESTORS", ["*"])

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The 2019 cahier shipped with the project (see data/README.md).
CAHIER_DEFAULT_DOCUMENT = BASE_DIR / "data" / "cahier-initiatives-inclusion-2019.txt"
CAHIER_SITE_NAME = "Cahier des initiatives inclusion"
# The public address: absolute links in e-mails (activation, invitations, state changes),
# Atom feeds, sitemap.xml, robots.txt and OpenGraph tags (cahier.core.http.public_url).
CAHIER_BASE_URL = os.environ.get("CAHIER_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The legal pages (cahier/legal, docs/website.md « Pages légales »). Values in [brackets] are
# placeholders only the operator can fill: the pages show them as they are and
# `cahier check --deploy` warns while one is left (legal.W001).
CAHIER_PUBLISHER_NAME = os.environ.get(
    "CAHIER_PUBLISHER_NAME",
    "Délégation générale à l’emploi et à la formation professionnelle (DGEFP), "
    "ministère chargé du Travail",
)
CAHIER_PUBLISHER_ADDRESS = os.environ.get(
    "CAHIER_PUBLISHER_ADDRESS", "[À compléter\u00a0: adresse postale de l’éditeur]"
)
CAHIER_PUBLISHER_DIRECTOR = os.environ.get(
    "CAHIER_PUBLISHER_DIRECTOR",
    "[À compléter\u00a0: nom et fonction du directeur ou de la directrice de la publication]",
)
CAHIER_PUBLISHER_EMAIL = os.environ.get(
    "CAHIER_PUBLISHER_EMAIL", "[À compléter\u00a0: adresse électronique de l’équipe du cahier]"
)
CAHIER_PUBLISHER_DPO = os.environ.get(
    "CAHIER_PUBLISHER_DPO",
    "[À compléter\u00a0: adresse du délégué à la protection des données du ministère]",
)
CAHIER_PUBLISHER_HOST = os.environ.get(
    "CAHIER_PUBLISHER_HOST", "[À compléter\u00a0: nom, adresse et téléphone de l’hébergeur]"
)
CAHIER_SERVER_LOG_RETENTION = os.environ.get(
    "CAHIER_SERVER_LOG_RETENTION",
    "[À compléter\u00a0: durée de conservation des journaux du serveur web]",
)
# The share images of the fiches (OpenGraph), drawn once and kept here; a cache: safe to delete.
CAHIER_SHARE_IMAGE_DIR = Path(os.environ.get("CAHIER_SHARE_IMAGE_DIR", VAR_DIR / "share-images"))
# `cahier links check` refuses links that lead to private, loopback or link-local addresses
# (SSRF: a fiche must not make the server probe its own network). Only for tests and closed
# networks (see SECURITY.md).
CAHIER_LINKCHECK_ALLOW_PRIVATE = env_bool("CAHIER_LINKCHECK_ALLOW_PRIVATE", False)

# Background tasks (reminders, link checks, edition PDFs). The database backend queues them in
# the site's own database (SQLite for `make run`, PostgreSQL in production) and `cahier worker`
# runs them; `cahier serve` starts one beside gunicorn unless told not to. CAHIER_TASKS_INLINE=1
# runs each task inside the request or command that asks for it (no worker at all).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("CAHIER_TASKS_INLINE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# WhiteNoise's manifest storage rewrites url() inside the DSFR stylesheet, which would break
# the subresource-integrity hashes django-dsfr prints; the files are served from our own origin.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# django-dsfr: mark optional fields rather than required ones (the DSFR's current guidance).
# The package warns that this transitional setting will become its default; nothing to act on.
DSFR_MARK_OPTIONAL_FIELDS = True
warnings.filterwarnings("ignore", message="Transitional Django setting DSFR_MARK_OPTIONAL_FIELDS")

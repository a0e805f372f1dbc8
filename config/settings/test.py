"""Tests: SQLite in memory by default; CAHIER_TEST_DATABASE_URL switches to PostgreSQL (see conftest)."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

import dj_database_url

from .base import *  # noqa: F403

_test_url = os.environ.get("CAHIER_TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": dj_database_url.parse(_test_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "TEST": {"NAME": ":memory:"},
        }
    }

# Tasks run where they are enqueued (on commit: never inside a test's rolled-back transaction);
# tests of the queue itself switch to the database backend (tests/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Share images drawn by the tests stay out of the working copy (tests that look at the files
# point it at their own tmp_path).
CAHIER_SHARE_IMAGE_DIR = Path(tempfile.gettempdir()) / "cahier-test-share-images"

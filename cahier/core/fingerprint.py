"""`code_fingerprint()`: names this server's code and settings. What is kept or validated
across requests from the catalogue's state (whole pages, export ETags) carries it, so that a
deployment (templates, static files, exporters, the publisher's settings) never serves what the
previous one produced."""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed


@cache
def code_fingerprint() -> str:
    """Read once per process (files' sizes and times: each server keeps its own anyway)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder, _dirs, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith((".py", ".html", ".css", ".js", ".md", ".json")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"  # hashed names of `collectstatic`
    if manifest.exists():
        digest.update(str(manifest.stat().st_mtime_ns).encode())
    public = {k: getattr(settings, k) for k in dir(settings) if k.startswith("CAHIER_")}
    digest.update(repr(sorted(public.items(), key=lambda item: item[0])).encode())
    return digest.hexdigest()[:16]


def _settings_changed(**kwargs) -> None:
    # Settings change only with a restart, except in tests (override_settings).
    code_fingerprint.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="code-fingerprint-settings")

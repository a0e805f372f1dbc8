"""Files uploaded with a proposal: the shareable resources of the transfer kit (PDF only).

Checked by their first bytes (not by their name or the type the browser claims), bounded in
size (core/limits.UPLOAD_BYTES), stored under MEDIA_ROOT/ressources/ with a generated name
(nothing of the sender's file name reaches the disk) and served at /media/ressources/<name>
(views.files) as an attachment-safe PDF."""

import re
import secrets
from pathlib import Path

from django.conf import settings

from cahier.core import limits

PDF_MAGIC = b"%PDF-"
FOLDER = "ressources"
URL_PREFIX = f"{settings.MEDIA_URL}{FOLDER}/"
NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}\.pdf$")


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def pdf_problem(upload) -> str | None:
    """The French message when *upload* is not a PDF within the size limit, else None."""
    name = getattr(upload, "name", "") or "le fichier"
    if upload.size > limits.UPLOAD_BYTES:
        size = limits.number(round(upload.size / (1024 * 1024)))
        return f"« {name} » dépasse {limits.UPLOAD_LABEL} ({size} Mo)."
    if upload.size == 0:
        return f"« {name} » est vide."
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        return f"« {name} » n’est pas un fichier PDF."
    return None


def resource_file_store(*, upload) -> str:
    """Write *upload* (already checked by pdf_problem) under a new random name; its URL."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(18)}.pdf"
    with (target / name).open("xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return f"{URL_PREFIX}{name}"


def resource_file_discard(*, url: str) -> None:
    """Remove a file stored by resource_file_store whose fiche was not saved."""
    if path := resource_file_path(url.removeprefix(URL_PREFIX)):
        path.unlink(missing_ok=True)


def resource_file_path(name: str) -> Path | None:
    """The stored file called *name*, or None (unknown, or not a name we generate)."""
    if not NAME.match(name):
        return None
    path = folder() / name
    return path if path.is_file() else None

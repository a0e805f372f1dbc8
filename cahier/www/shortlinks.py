"""The short, stable link of a fiche: `/f/<code>`, where the code is its permanent identifier
(`uid`, the open-data `id`) in base 32, 26 letters and digits. A changed title or slug, a new
edition number, an export into another instance: the link still leads to the fiche. The uid
itself is accepted too (`/f/<uuid>`), for reusers who hold the open-data `id`."""

from __future__ import annotations

import base64
import binascii
import uuid

SHORT_PATH = "/f/"


def short_code(uid: uuid.UUID) -> str:
    return base64.b32encode(uid.bytes).decode("ascii").rstrip("=").lower()


def uid_of(code: str) -> uuid.UUID | None:
    """The uid a code (or a uid) stands for; None when it is neither."""
    text = code.strip()
    if len(text) == 26:
        try:
            return uuid.UUID(bytes=base64.b32decode(text.upper() + "======"))
        except (binascii.Error, ValueError):
            return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def short_path(initiative) -> str:
    return f"{SHORT_PATH}{short_code(initiative.uid)}"

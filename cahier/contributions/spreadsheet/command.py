"""`cahier import FILE.xlsx|FILE.csv --user ADRESSE [--publish] [--dry-run]`: the same checks
and the same writes as the curators' upload page, the errors printed one per line."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.db import transaction

from cahier.core import roles
from cahier.core.text import count_fr

from ..accounts import user_by_email
from .preview import spreadsheet_preview
from .problems import NOTHING_WRITTEN
from .services import spreadsheet_import_confirm, spreadsheet_import_prepare


def _actor(email: str | None):
    if not email:
        raise CommandError(
            "Précisez --user ADRESSE : le compte de curateur au nom duquel les fiches sont "
            "importées (il est gardé comme provenance). " + NOTHING_WRITTEN
        )
    user = user_by_email(email)
    if user is None or not roles.can(user, roles.Action.IMPORT_SPREADSHEET):
        raise CommandError(
            f"« {email} » n’est pas un compte de curateur qui peut importer un tableur "
            "(`cahier curator add ADRESSE`). " + NOTHING_WRITTEN
        )
    return user


def import_spreadsheet(*, name: str, content: bytes, email, publish, dry_run, write) -> int:
    """Check the file, print its problems through *write*, and import it unless *dry_run*.
    Returns the number of fiches created (0 with *dry_run*); CommandError when refused."""
    actor = None if dry_run else _actor(email)
    preview = spreadsheet_preview(name=name, content=content)
    for note in preview.notes:
        write(f"Note : {note}")
    for warning in preview.warnings:
        write(f"Attention : {warning}")
    for error in preview.errors:
        write(f"Erreur : {error}")
    if not preview.ok:
        raise CommandError(
            f"{name} : {count_fr(len(preview.errors), 'erreur', none='Aucune')}, corrigez le "
            f"fichier. {NOTHING_WRITTEN}"
        )
    if dry_run:
        write(
            f"{count_fr(len(preview.rows), 'initiative prête', 'initiatives prêtes', none='Aucune')}"
            " à importer. Rien n’a été écrit (--dry-run)."
        )
        return 0
    try:
        with transaction.atomic():
            upload = spreadsheet_import_prepare(name=name, content=content, actor=actor)
            created = spreadsheet_import_confirm(upload=upload, actor=actor, publish=publish)
    except PermissionDenied as error:
        raise CommandError(f"{error} {NOTHING_WRITTEN}") from error
    return len(created)

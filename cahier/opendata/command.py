"""`cahier import export.json [--force] [--dry-run]`: an open-data JSON document (another
instance's export, a reuser's corrected file) checked against the contract, then loaded by
`loader.catalogue_load_json` (fiches matched on their permanent `id`)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from cahier.catalogue.importer import ImportConflicts
from cahier.catalogue.services import regions_seed
from cahier.core.text import count_fr

from .contract import DocumentError, document_parse
from .loader import catalogue_load_json

NOTHING_WRITTEN = "Rien n’a été modifié."


def import_json(*, name: str, text: str, force: bool, dry_run: bool, write) -> dict:
    """Load *text* (the file *name*); CommandError, with where and why, when it is refused."""
    try:
        document = document_parse(text)
    except DocumentError as error:
        raise CommandError(f"{name} : {error.message} {NOTHING_WRITTEN}") from error
    if dry_run:
        write(
            f"Document conforme : {count_fr(len(document['initiatives']), 'fiche', none='aucune')}. "
            "Rien n’a été écrit (--dry-run)."
        )
        return {}
    regions_seed()
    try:
        return catalogue_load_json(document=document, force=force)
    except ValidationError as error:
        raise CommandError(f"{name} : {' '.join(error.messages)} {NOTHING_WRITTEN}") from error
    except ImportConflicts as error:
        for conflict in error.conflicts:
            write(f"Modifiée : {conflict.describe()}")
        raise CommandError(str(error)) from error

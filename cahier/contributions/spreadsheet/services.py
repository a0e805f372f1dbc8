"""Writes of a spreadsheet import: the upload kept (`spreadsheet_import_prepare`), then, once
the curator confirmed, every row created in one transaction (`spreadsheet_import_confirm`),
as proposals in the curation queue or published, through `services.initiative_save` and
`initiative_transition` (revision and audit entry per fiche, one audit entry for the file)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.signals import changes_batched
from cahier.core import limits, roles

from ..audit import audit_log
from ..enums import AuditAction, SpreadsheetImportStatus
from ..models import SpreadsheetImport
from .preview import Preview, spreadsheet_preview
from .problems import NOTHING_WRITTEN, SpreadsheetRefused
from .reading import read_table


class SpreadsheetNotImportable(ValidationError):
    """The file, checked again at confirmation, has errors: *preview* lists them."""

    def __init__(self, preview: Preview):
        super().__init__([str(problem) for problem in preview.errors] or [NOTHING_WRITTEN])
        self.preview = preview


def _require(actor, *, publish: bool) -> None:
    if not roles.can(actor, roles.Action.IMPORT_SPREADSHEET):
        raise PermissionDenied("Réservé aux curateurs qui peuvent importer un tableur.")
    if publish and not roles.can(actor, roles.Action.PUBLISH):
        raise PermissionDenied("Publier directement demande le droit de publier des fiches.")


def spreadsheet_import_prepare(*, name: str, content: bytes, actor) -> SpreadsheetImport:
    """Keep the uploaded file, for its preview and its confirmation (in the database: any
    server process, and a reload, find it). A file too big, of the wrong kind or unreadable is
    refused here (SpreadsheetRefused) and nothing is kept; row errors are the preview's."""
    _require(actor, publish=False)
    read_table(name=name, content=content)  # limits and format, before anything is stored
    return SpreadsheetImport.objects.create(
        file_name=name[:255], content=content, uploaded_by=actor
    )


def _create(row, *, upload: SpreadsheetImport, actor, publish: bool):
    from .. import services

    initiative = services.initiative_save(
        data=row.data(),
        actor=actor,
        comment=f"Import du tableur « {upload.file_name} », ligne {row.number}"[
            : limits.REVISION_COMMENT.chars
        ],
        action=AuditAction.INITIATIVE_IMPORTED_SPREADSHEET,
    )
    S = PublicationStatus
    for to in (S.SUBMITTED, S.PUBLISHED) if publish else (S.SUBMITTED,):
        initiative = services.initiative_transition(
            initiative=initiative, to=to, actor=actor, notify=False
        )
    return initiative


@transaction.atomic
def spreadsheet_import_confirm(*, upload: SpreadsheetImport, actor, publish: bool = False) -> list:
    """Create one fiche per row of *upload*, all or nothing, after reading and checking the
    stored file again (the catalogue may have changed since the preview): proposals submitted
    to the curation queue, or published when *publish* (the actor must hold that right).
    SpreadsheetNotImportable when a row has an error; ValidationError when already imported."""
    _require(actor, publish=publish)
    upload = SpreadsheetImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != SpreadsheetImportStatus.PENDING:
        raise ValidationError(f"Ce tableur a déjà été importé. {NOTHING_WRITTEN}")
    preview = spreadsheet_preview(name=upload.file_name, content=bytes(upload.content))
    if not preview.ok:
        raise SpreadsheetNotImportable(preview)
    with changes_batched():
        created = [
            _create(row, upload=upload, actor=actor, publish=publish) for row in preview.rows
        ]
    upload.status = SpreadsheetImportStatus.IMPORTED
    upload.imported_by = actor
    upload.imported_at = timezone.now()
    upload.published = publish
    upload.save(update_fields=["status", "imported_by", "imported_at", "published"])
    upload.initiatives.set(created)
    audit_log(
        action=AuditAction.SPREADSHEET_IMPORTED,
        actor=actor,
        file=upload.file_name,
        upload=upload.pk,
        initiatives=len(created),
        published=publish,
    )
    return created


__all__ = [
    "SpreadsheetNotImportable",
    "SpreadsheetRefused",
    "spreadsheet_import_confirm",
    "spreadsheet_import_prepare",
]

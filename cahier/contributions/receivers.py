"""The history follows writes made outside the workflow: connected in ContributionsConfig.ready().

`cahier import` lives in the catalogue, which depends on no other app: it announces each fiche
it writes (catalogue.signals.initiative_imported) and the history is recorded here, in the same
transaction, like any other write (a revision and an audit entry)."""

from django.dispatch import receiver

from cahier.catalogue.signals import initiative_imported

from .audit import audit_log
from .enums import AuditAction
from .models import Revision
from .services import _record_revision


@receiver(initiative_imported, dispatch_uid="contributions-initiative-imported")
def on_initiative_imported(
    sender, initiative, created, source, previous, previous_version, overwritten, **kwargs
):
    document = f"« {source} »" if source else "d’un document"
    if previous is not None and not Revision.objects.filter(initiative=initiative).exists():
        # Keep what the import replaced, so that the history can show (and restore) it.
        Revision.objects.create(
            initiative=initiative,
            version=previous_version,
            data=previous,
            comment="État avant l’import",
        )
    if overwritten:
        comment = (
            f"Import forcé {document} : remplace les modifications faites depuis le dernier "
            f"import ({', '.join(overwritten)})"
        )
    else:
        comment = f"Import {document}"
    _record_revision(initiative, None, comment)
    audit_log(
        action=AuditAction.INITIATIVE_IMPORTED,
        initiative=initiative,
        reason=comment,
        source=source,
        created=created,
        version=initiative.version,
        overwritten=list(overwritten),
    )

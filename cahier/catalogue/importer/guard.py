"""An import never loses an edit: a fiche changed since its last import (on the web, or
anywhere) is not overwritten unless the import is forced.

Each import keeps what it wrote into a fiche (ImportRecord, a snapshot). On the next import,
the fiche's fields that differ from that record are the edits made since; if the document
would change the fiche while such edits exist, the fiche is a conflict."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from cahier.core.dates import french_datetime
from cahier.core.text import count_fr

from .. import services
from ..enums import PublicationStatus
from ..models import ImportRecord, Initiative
from ..signals import initiative_imported
from ..snapshot import FIELD_LABELS, data_to_json, initiative_to_json, snapshot_complete


@dataclass
class ImportConflict:
    """A fiche edited since its last import, that the document would overwrite."""

    number: int
    title: str
    fields: list[str]  # French labels of the fields edited since the last import
    updated_at: datetime | None
    updated_by: str  # e-mail or user name; "" when not known (an older import, the admin…)
    known_baseline: bool  # False: no record of the last import (imported before this check)

    def describe(self) -> str:
        when = f"le {french_datetime(self.updated_at)}" if self.updated_at else "date inconnue"
        who = f" par {self.updated_by}" if self.updated_by else ""
        if self.known_baseline:
            what = "modifiée depuis le dernier import (" + ", ".join(self.fields) + ")"
        else:
            what = (
                "modifiée depuis sa création, sans trace du dernier import ; le document "
                "changerait : " + ", ".join(self.fields)
            )
        return f"fiche {self.number} « {self.title} » : {what}, {when}{who}."


class ImportConflicts(Exception):
    """Raised (inside the import's transaction: nothing is written) when fiches were edited
    since their last import and the import is not forced."""

    def __init__(self, conflicts: list[ImportConflict]):
        self.conflicts = conflicts
        super().__init__(
            f"{count_fr(len(conflicts), 'fiche modifiée', 'fiches modifiées', none='Aucune')} "
            "depuis le dernier import : "
            "rien n’a été modifié. Relancez avec --force pour remplacer ces modifications "
            "par le contenu du document (une révision garde chacune dans l’historique)."
        )


def _labels(names) -> list[str]:
    return [FIELD_LABELS.get(name, name) for name in FIELD_LABELS if name in names]


def _differing(a: dict, b: dict) -> set[str]:
    a, b = snapshot_complete(a), snapshot_complete(b)  # an older import record
    return {name for name in FIELD_LABELS if a.get(name) != b.get(name)}


def _remember(initiative: Initiative, imported: dict, source: str) -> None:
    ImportRecord.objects.update_or_create(
        initiative=initiative,
        defaults={"data": imported, "source": source, "imported_at": timezone.now()},
    )


def import_create(
    *, data: services.InitiativeData, source: str, slug: str | None = None
) -> Initiative:
    """A new fiche from the document, published, with its import record and its history."""
    initiative = services.initiative_create(
        data=data, status=PublicationStatus.PUBLISHED, slug=slug
    )
    _remember(initiative, data_to_json(data), source)
    initiative_imported.send(
        sender=Initiative,
        initiative=initiative,
        created=True,
        source=source,
        previous=None,
        previous_version=None,
        overwritten=[],
    )
    return initiative


@dataclass
class ImportOutcome:
    written: bool = False
    overwritten: bool = False  # written over edits made since the last import (--force)
    conflict: ImportConflict | None = None


def import_update(
    *, initiative: Initiative, number: int, data: services.InitiativeData, source: str, force: bool
) -> ImportOutcome:
    """Bring *initiative* to the document's *data*. Nothing is written when the fiche already
    says the same (the record is refreshed), nor when it was edited since its last import and
    *force* is false (the outcome's conflict says what, when and by whom)."""
    current = initiative_to_json(initiative)
    imported = data_to_json(data)
    record = ImportRecord.objects.filter(initiative=initiative).first()
    if current == imported:
        if record is None or record.data != imported:
            _remember(initiative, imported, source)
        return ImportOutcome()
    if record is not None:
        edited = _differing(current, record.data)
    elif initiative.version == 1:
        edited = set()  # untouched since the import that created it
    else:
        # Imported before import records existed, and changed since: what that import wrote
        # is unknown, so every field the document would change may hold an edit.
        edited = _differing(current, imported)
    if edited and not force:
        editor = initiative.updated_by
        conflict = ImportConflict(
            number=number,
            title=initiative.title,
            fields=_labels(edited),
            updated_at=initiative.updated_at,
            updated_by=(editor.email or editor.get_username()) if editor else "",
            known_baseline=record is not None,
        )
        return ImportOutcome(conflict=conflict)
    updated = services.initiative_update(
        initiative=initiative, data=data, expected_version=initiative.version
    )
    _remember(updated, imported, source)
    initiative_imported.send(
        sender=Initiative,
        initiative=updated,
        created=False,
        source=source,
        previous=current,
        previous_version=initiative.version,
        overwritten=_labels(edited),
    )
    return ImportOutcome(written=True, overwritten=bool(edited))

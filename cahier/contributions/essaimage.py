"""Curation of essaimage: indicators proposed from a fiche's « Résultats » text (accepted or
dismissed by a curator, never published without one), and the link of a fiche to the fiche it
replicates. Every change of the fiche goes through services.initiative_save (revision, audit,
optimistic lock)."""

from dataclasses import replace

from django.db import IntegrityError, transaction

from cahier.catalogue.figures import Figure, extract_figures
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData
from cahier.catalogue.snapshot import FIELD_LABELS, display_values
from cahier.catalogue.structured import clean_outcomes

from . import services
from .audit import audit_log
from .enums import AuditAction
from .models import DismissedFigure


def _already_there(figure: Figure, outcomes: list[dict]) -> bool:
    return any(
        outcome["value"] == figure.value and (outcome["unit"] or "") == figure.unit
        for outcome in outcomes
    )


def outcome_suggestions(initiative: Initiative) -> list[Figure]:
    """The figures of the results text not yet among the fiche's indicators (same value and
    unit) nor dismissed before."""
    dismissed = set(initiative.dismissed_figures.values_list("key", flat=True))
    return [
        figure
        for figure in extract_figures(initiative.results)
        if figure.key not in dismissed and not _already_there(figure, initiative.outcomes)
    ]


def outcome_suggestion_accept(
    *, initiative: Initiative, outcome: dict, actor, expected_version: int
) -> Initiative:
    """Add *outcome* (as the curator edited it) to the fiche's indicators: a new revision.
    ValidationError (« Indicateur 3 : … ») or VersionConflict as for any save."""
    data = InitiativeData.from_initiative(initiative)
    data = replace(data, outcomes=[*data.outcomes, *clean_outcomes([outcome])])
    return services.initiative_save(
        initiative=initiative,
        data=data,
        actor=actor,
        expected_version=expected_version,
        comment="Indicateur ajouté d’après le texte des résultats",
    )


def outcome_suggestion_dismiss(*, initiative: Initiative, figure: Figure, actor) -> None:
    """Remember that *figure* is no indicator of this fiche (dismissing twice is harmless)."""
    try:
        with transaction.atomic():
            DismissedFigure.objects.create(
                initiative=initiative, key=figure.key, context=figure.context, dismissed_by=actor
            )
    except IntegrityError:
        return
    audit_log(
        action=AuditAction.INITIATIVE_FIGURE_DISMISSED,
        actor=actor,
        initiative=initiative,
        reason=figure.context,
        value=figure.value,
        unit=figure.unit,
    )


def initiative_origin_set(
    *, initiative: Initiative, origin: Initiative | None, actor, expected_version: int
) -> Initiative:
    """Link *initiative* to the fiche it replicates (None: unlink). Self-links and cycles are
    refused by the catalogue (catalogue.services.lineage_errors) with their message."""
    data = InitiativeData.from_initiative(initiative)
    if origin is None:
        comment = "Lien d’essaimage retiré"
        data = replace(data, replication_of=None)
    else:
        comment = f"Essaimage de « {origin.title} »"
        data = replace(data, replication_of=origin, origin_name="", origin_url="")
    return services.initiative_save(
        initiative=initiative,
        data=data,
        actor=actor,
        expected_version=expected_version,
        comment=comment,
    )


def essaimage_facts(initiative: Initiative) -> list[tuple[str, str]]:
    """The essaimage fields of the fiche that hold something, as (label, text) with one item
    per line (the labels and texts of the revisions' diffs: catalogue/snapshot.py)."""
    names = list(FIELD_LABELS)
    names = names[names.index("project_status") : names.index("contacts") + 1]
    snapshot = {name: getattr(initiative, name) for name in names if name != "replication_of"}
    origin = initiative.replication_of
    snapshot["replication_of"] = str(origin.uid) if origin is not None else None
    shown = display_values(snapshot)
    return [(FIELD_LABELS[name], shown[name]) for name in names if shown[name].strip()]

"""The quality score of a fiche (0–100, issue 11): published criteria, declared once here.

Each criterion has an id (the API's `quality.missing`), a French label (the curators' column,
the docs' table), a weight (the weights sum to 100), a check and the advice the holder reads
under « Pour améliorer cette fiche ». docs/living-catalogue.md (« Score de qualité ») lists
them; a test checks the table against CRITERIA.

This module reads the catalogue and the link checks: it lives outside both (the catalogue
imports only core). Checks read the fiche's fields, the relations `with_relations()`
prefetches (or `with_list_relations()` reads for a list) and its failed link checks (one query per fiche unless a list was read through
`cahier.links.selectors.with_failed_link_checks`, one query for the list)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from cahier.catalogue import structured
from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.essaimage import transfer_kit
from cahier.catalogue.figures import has_figures
from cahier.catalogue.models import Initiative
from cahier.catalogue.selectors import with_list_relations
from cahier.links.selectors import broken_links_count, with_failed_link_checks

DESCRIPTION_MIN_LENGTH = 400
KIT_MIN_ITEMS = 3


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str  # French, as curators and the docs read it
    weight: int
    check: Callable[[Initiative], bool]
    advice: str  # French, « Pour améliorer cette fiche »


@dataclass(frozen=True)
class Quality:
    score: int
    missing: list[Criterion]

    def record(self) -> dict:
        """The API's `quality` object."""
        return {"score": self.score, "missing": [criterion.id for criterion in self.missing]}


def _description(fiche: Initiative) -> bool:
    return len((fiche.description or "").strip()) >= DESCRIPTION_MIN_LENGTH


def _results(fiche: Initiative) -> bool:
    return bool(fiche.outcomes) or has_figures(fiche.results or "")


def _contact(fiche: Initiative) -> bool:
    return any(
        (contact.get("email") or "").strip()
        and not structured.is_legacy_state_mailbox(contact["email"])
        for contact in fiche.contacts or []
        if isinstance(contact, dict)
    )


def _links(fiche: Initiative) -> bool:
    return broken_links_count(fiche) == 0


def _taxonomy(fiche: Initiative) -> bool:
    return bool(fiche.index_terms("keywords")) and bool(fiche.index_terms("publics"))


def _verified(fiche: Initiative) -> bool:
    return fiche.verified_within_interval(timezone.now())  # the fiche's own interval


def kit_items(fiche: Initiative) -> int:
    """How many items of the transfer kit are filled (each short fact, each free text)."""
    kit = transfer_kit(fiche)
    facts = [kit.openness, kit.offers, kit.budget, kit.funders, kit.staff, kit.setup]
    return sum(1 for fact in facts if fact) + (1 if kit.resources else 0) + len(kit.texts)


def _kit(fiche: Initiative) -> bool:
    return kit_items(fiche) >= KIT_MIN_ITEMS


def _status(fiche: Initiative) -> bool:
    return bool(fiche.project_status) and fiche.project_status != ProjectStatus.UNKNOWN


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "description",
        "Descriptif d’au moins 400\u00a0caractères",
        20,
        _description,
        "Développez le descriptif du projet (au moins 400\u00a0caractères)\u00a0: le besoin, "
        "ce qui est fait, pour qui.",
    ),
    Criterion(
        "results",
        "Résultats chiffrés",
        15,
        _results,
        "Donnez au moins un chiffre dans les résultats (personnes accompagnées, sorties "
        "vers l’emploi…) ou un indicateur de résultat.",
    ),
    Criterion(
        "contact",
        "Contact à jour",
        15,
        _contact,
        "Indiquez un contact avec une adresse électronique actuelle (les boîtes DIRECCTE de "
        "2019 ne répondent plus).",
    ),
    Criterion(
        "links",
        "Liens qui répondent",
        10,
        _links,
        "Corrigez ou retirez les liens qui ne répondent plus.",
    ),
    Criterion(
        "taxonomy",
        "Mots-clés et publics renseignés",
        10,
        _taxonomy,
        "Choisissez au moins un mot-clé et un public.",
    ),
    Criterion(
        "verified",
        "Vérifiée dans l’intervalle choisi",
        10,
        _verified,
        "Confirmez que la fiche est toujours d’actualité.",
    ),
    Criterion(
        "transfer_kit",
        "Kit «\u00a0Pour essaimer\u00a0» renseigné",
        10,
        _kit,
        "Remplissez au moins 3\u00a0éléments du kit «\u00a0Pour essaimer\u00a0» (budget, "
        "conditions de réussite, ressources…).",
    ),
    Criterion(
        "project_status",
        "Statut du projet connu",
        10,
        _status,
        "Indiquez si le projet est en cours, terminé ou en projet.",
    ),
)
CRITERIA_BY_ID = {criterion.id: criterion for criterion in CRITERIA}


def fiche_quality(fiche: Initiative) -> Quality:
    missing = [criterion for criterion in CRITERIA if not criterion.check(fiche)]
    return Quality(100 - sum(criterion.weight for criterion in missing), missing)


# Fiches scored at once by `published_ids_with_score_at_least`: its memory is a chunk's.
SCORE_CHUNK = 500


def published_ids_with_score_at_least(minimum: int) -> list[int]:
    """The published fiches scoring at least *minimum* (the search's `quality_min`): every
    published fiche is scored, a chunk at a time with its relations read for the chunk (as the
    exports do), so a fixed number of queries per chunk."""
    pks = list(Initiative.objects.published().values_list("pk", flat=True))
    found = []
    for start in range(0, len(pks), SCORE_CHUNK):
        chunk = Initiative.objects.filter(pk__in=pks[start : start + SCORE_CHUNK])
        fiches = with_list_relations(
            list(with_failed_link_checks(chunk.with_relations(prefetch=False)))
        )
        found += [fiche.pk for fiche in fiches if fiche_quality(fiche).score >= minimum]
    return found

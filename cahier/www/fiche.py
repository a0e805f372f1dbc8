"""The essaimage parts of a fiche's public page: project life, « Pour essaimer », « Résultats en
chiffres », « Essaimages » and contacts (words from cahier.catalogue.essaimage, shared with
the PDF)."""

from __future__ import annotations

from collections import Counter

from cahier.catalogue import essaimage
from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.models import Initiative, Region

from .regionmap import region_map

# DSFR badge of each project status; « Inconnu » shows no badge (see docs/essaimage.md).
STATUS_BADGES = {
    ProjectStatus.ONGOING: "fr-badge--success",
    ProjectStatus.ENDED: "",  # the neutral grey badge: the fiche stays fully visible
    ProjectStatus.PLANNED: "fr-badge--info",
}


def replications_map(replications: list[Initiative]) -> dict | None:
    """The regions map (the one of /regions/) with the regions holding a replication
    highlighted; overseas and « National » tiles only when they hold one. One query."""
    if not replications:
        return None
    counts = Counter(replication.region_id for replication in replications)
    regions = []
    for region in Region.objects.all():
        region.count = counts.get(region.pk, 0)
        if region.count or not (region.is_overseas or region.is_national):
            regions.append(region)
    return region_map(regions)


def essaimage_context(initiative: Initiative) -> dict:
    """Template context of the essaimage sections. Expects `with_relations()` (the published
    replications are prefetched). The contacts are labelled by the rule the PDF prints too
    (catalogue.essaimage.contact_lines): holder, State referent, 2019 DIRECCTE mailbox as
    history."""
    replications = list(getattr(initiative, "published_replications", []))
    life = essaimage.project_life(initiative)
    return {
        "life": life,
        "kit": essaimage.transfer_kit(initiative),
        "outcome_figures": essaimage.outcome_figures(initiative),
        "origin": essaimage.origin(initiative),
        "replications": replications,
        "replications_text": essaimage.replications_text(len(replications)),
        "replications_map": replications_map(replications),
        "contacts": essaimage.contact_lines(initiative),
    }

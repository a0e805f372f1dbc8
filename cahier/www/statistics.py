"""Reads of « Statistiques » (`/statistiques/`): the published fiches counted by region,
keyword, public, provenance, project status, freshness and replication. Every number counts
`Initiative.objects.published()`: by region, keyword and public with the search's facet
bitsets (`queries.regions_with_counts`, as the home page), the others in the database; the
contact requests are counted by the contacts app (`{% load contacts %}`), which the site does
not import."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cahier.catalogue.enums import (
    CHECK_INTERVAL_MONTHS,
    ProjectStatus,
    ProvenanceStatus,
    PublicationStatus,
)
from cahier.catalogue.models import Initiative, Keyword, PublicType
from cahier.core.charts import Chart, Row

from . import queries

TOP_ORIGINS = 10
NOT_GIVEN = "Non renseigné"


def by_region() -> Chart:
    regions = sorted(queries.regions_with_counts(), key=lambda r: (-r.count, r.name))
    rows = [Row(region.name, region.count) for region in regions]
    return Chart("regions", "Fiches par région", "Région", rows=rows)


def _terms(model, slug: str, title: str, header: str) -> Chart:
    terms = sorted(
        (term for term in queries.terms_with_counts(model) if term.count),
        key=lambda term: (-term.count, term.label),
    )
    return Chart(slug, title, header, rows=[Row(term.label, term.count) for term in terms])


def by_keyword() -> Chart:
    return _terms(Keyword, "mots-cles", "Fiches par mot-clé (thème)", "Mot-clé")


def by_public() -> Chart:
    return _terms(PublicType, "publics", "Fiches par public visé", "Public visé")


def by_event() -> Chart:
    counted = (
        Initiative.objects.published()
        .values("event__kind", "event__year")
        .annotate(count=Count("id"))
        .order_by("event__year", "event__kind")
    )
    rows = []
    for entry in counted:
        if entry["event__kind"] is None:
            label = "Sans événement de provenance"
        else:
            label = f"{entry['event__kind']} {entry['event__year']}"
        rows.append(Row(label, entry["count"]))
    return Chart(
        "provenance",
        "Fiches par événement et année de provenance",
        "Événement de provenance",
        rows=rows,
    )


def _choices(field: str, choices, slug: str, title: str, header: str, *, blank: str = "") -> Chart:
    counts = dict(
        Initiative.objects.published().values_list(field).annotate(count=Count("id")).order_by()
    )
    rows = [Row(choice.label, counts.get(choice.value, 0)) for choice in choices]
    if blank and counts.get(""):
        rows.append(Row(blank, counts[""]))
    return Chart(slug, title, header, rows=rows)


def by_provenance_status() -> Chart:
    return _choices(
        "provenance_status",
        ProvenanceStatus,
        "statut-provenance",
        "Fiches par statut de provenance",
        "Statut de provenance",
        blank=NOT_GIVEN,
    )


def by_project_status() -> Chart:
    return _choices(
        "project_status",
        ProjectStatus,
        "statut-projet",
        "Fiches par statut du projet",
        "Statut du projet",
    )


def freshness(now: datetime | None = None) -> Chart:
    """Each published fiche against its own check interval (6, 12 or 24 months, the one rule:
    `Initiative.verified_within_interval`), counted over one query of its three dates."""
    now = now or timezone.now()
    fiches = Initiative.objects.published().only(
        "verified_at", "published_at", "check_interval_months"
    )
    counts = {"fresh": 0, "overdue": 0, "never": 0}
    for fiche in fiches:
        if fiche.verified_at is None:
            counts["never"] += 1
        else:
            counts["fresh" if fiche.verified_within_interval(now) else "overdue"] += 1
    rows = [
        Row("Vérifiées dans leur intervalle de vérification", counts["fresh"]),
        Row("À revérifier (intervalle de vérification dépassé)", counts["overdue"]),
        Row("Jamais vérifiées", counts["never"]),
    ]
    return Chart(
        "fraicheur",
        "Fraîcheur des fiches",
        "Dernière vérification",
        description="Une fiche est vérifiée quand une personne confirme qu’elle est à jour ; "
        f"son porteur choisit de le faire tous les 6, 12 ou 24\u00a0mois ({CHECK_INTERVAL_MONTHS} "
        "par défaut).",
        rows=rows,
    )


def replications() -> Chart:
    published = Initiative.objects.published()
    rows = [
        Row(
            "Essaimages d’une fiche du cahier",
            published.filter(replication_of__isnull=False).count(),
        ),
        Row(
            "Essaimages d’un projet hors du cahier",
            published.filter(replication_of__isnull=True).exclude(origin_name="").count(),
        ),
        Row(
            "Fiches essaimées (au moins un essaimage publié)",
            published.filter(replications__status=PublicationStatus.PUBLISHED).distinct().count(),
        ),
    ]
    return Chart("essaimages", "Essaimages", "Fiches", rows=rows)


def top_origins() -> Chart:
    origins = (
        Initiative.objects.published()
        .annotate(
            count=Count("replications", filter=Q(replications__status=PublicationStatus.PUBLISHED))
        )
        .filter(count__gt=0)
        .order_by("-count", "title")[:TOP_ORIGINS]
    )
    rows = [
        Row(origin.title, origin.count, reverse("www:initiative", args=[origin.slug]))
        for origin in origins
    ]
    return Chart(
        "origines",
        f"Les fiches les plus essaimées ({TOP_ORIGINS} premières)",
        "Fiche d’origine",
        count_header="Nombre d’essaimages publiés",
        rows=rows,
    )


CHARTS = {
    "regions": by_region,
    "mots-cles": by_keyword,
    "publics": by_public,
    "provenance": by_event,
    "statut-provenance": by_provenance_status,
    "statut-projet": by_project_status,
    "fraicheur": freshness,
    "essaimages": replications,
    "origines": top_origins,
}


def all_charts() -> list[Chart]:
    return [build() for build in CHARTS.values()]

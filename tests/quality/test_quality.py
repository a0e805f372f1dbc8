"""The quality score (issue 11, item 3): each criterion on crafted fiches, the total, the API
field and its `quality_min` filter, the curators' column and the holder's advice."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cahier.catalogue import services as catalogue_services
from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.models import Initiative
from cahier.links.checker import Outcome
from cahier.links.collect import FicheLink
from cahier.links.enums import LinkField, LinkStatus
from cahier.links.services import link_checks_store
from cahier.quality.criteria import CRITERIA, fiche_quality
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "living-catalogue.md"
LONG = "Un accompagnement renforcé vers l'emploi, avec les employeurs du territoire. " * 6
LINK = "https://example.org/initiative"


def complete(**overrides) -> Initiative:
    """A published fiche meeting every criterion, *overrides* applied to its fields."""
    fields = {
        "with_kit": True,
        "description": LONG,
        "keywords": [f.KeywordFactory(label="Mobilité", slug="mobilite")],
        "publics": [f.PublicTypeFactory(label="Jeunes", slug="jeunes")],
        "links": [LINK],
        **overrides,
    }
    fiche = f.InitiativeFactory(**fields)
    catalogue_services.initiative_verify(initiative=fiche)
    return fiche


def check_link(fiche, status):
    link_checks_store(
        initiative=fiche,
        results={FicheLink(LinkField.LINKS, LINK): Outcome(status, 404)},
        now=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
    )


def quality(fiche):
    return fiche_quality(Initiative.objects.with_relations().get(pk=fiche.pk))


def missing(fiche) -> list[str]:
    return [criterion.id for criterion in quality(fiche).missing]


def test_weights_sum_to_100_and_ids_are_unique():
    assert sum(criterion.weight for criterion in CRITERIA) == 100
    assert len({criterion.id for criterion in CRITERIA}) == len(CRITERIA)


def test_a_complete_fiche_scores_100():
    fiche = complete()
    check_link(fiche, LinkStatus.OK)
    assert quality(fiche).score == 100
    assert missing(fiche) == []


@pytest.mark.parametrize(
    ("criterion", "overrides"),
    [
        ("description", {"description": "Trop court. " * 30}),  # 360 characters
        ("results", {"results": "Beaucoup de personnes accompagnées.", "outcomes": []}),
        ("contact", {"contacts": []}),
        (
            "contact",
            {
                "contacts": [
                    {
                        "role": "porteur",
                        "organisation": "DIRECCTE Bretagne",
                        "service": "",
                        "email": "bretag.direction@direccte.gouv.fr",
                        "phone": "",
                        "public": False,
                    }
                ]
            },
        ),
        ("taxonomy", {"publics": []}),
        ("taxonomy", {"keywords": []}),
        ("project_status", {"project_status": ProjectStatus.UNKNOWN}),
        (
            "transfer_kit",
            {
                "with_kit": False,
                "project_status": ProjectStatus.ONGOING,
                "contacts": [
                    {
                        "role": "porteur",
                        "organisation": "Horizon",
                        "service": "",
                        "email": "direction@horizon.example",
                        "phone": "",
                        "public": False,
                    }
                ],
                "success_conditions": "Un portage politique fort.",
                "pitfalls": "Mobiliser les employeurs prend du temps.",
            },
        ),
    ],
)
def test_each_criterion_missed_costs_its_weight(criterion, overrides):
    fiche = complete(**overrides)
    weight = next(c.weight for c in CRITERIA if c.id == criterion)
    assert missing(fiche) == [criterion]
    assert quality(fiche).score == 100 - weight


def test_results_count_a_figure_in_the_text_or_an_outcome_indicator():
    assert "results" not in missing(complete(results="120 personnes accompagnées", outcomes=[]))
    assert "results" not in missing(complete(results="Très bien."))  # with_kit: one indicator
    assert "results" in missing(complete(results="Très bien.", outcomes=[]))


def test_a_broken_link_at_the_last_check_costs_the_links_criterion():
    fiche = complete()
    check_link(fiche, LinkStatus.BROKEN)
    assert missing(fiche) == ["links"]
    # A link replaced since the check no longer counts (as in « Liens cassés »).
    Initiative.objects.filter(pk=fiche.pk).update(links=["https://example.org/nouveau"])
    assert "links" not in missing(fiche)


def test_a_fiche_checked_more_than_12_months_ago_misses_verified():
    fiche = complete()
    catalogue_services.initiative_verify(initiative=fiche, at=timezone.now() - timedelta(days=400))
    assert missing(fiche) == ["verified"]


def test_verified_follows_the_fiche_own_interval():
    """Verified 200 days ago: too old for a 6-month fiche; 400 days: fine for a 24-month one."""
    six, twenty_four = complete(check_interval_months=6), complete(check_interval_months=24)
    now = timezone.now()
    catalogue_services.initiative_verify(initiative=six, at=now - timedelta(days=200))
    catalogue_services.initiative_verify(initiative=twenty_four, at=now - timedelta(days=400))
    assert missing(six) == ["verified"]
    assert missing(twenty_four) == []
    catalogue_services.initiative_verify(initiative=twenty_four, at=now - timedelta(days=740))
    assert missing(twenty_four) == ["verified"]


def test_the_total_adds_the_weights_of_the_criteria_met():
    fiche = f.InitiativeFactory(description="Court.", results="Bien.", contacts=[])
    check_link(fiche, LinkStatus.BROKEN)
    assert quality(fiche).score == 0
    assert missing(fiche) == [criterion.id for criterion in CRITERIA]


def test_the_docs_table_lists_every_criterion_with_its_weight():
    text = DOCS.read_text()
    section = text.split("## Score de qualité", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z_]+)` \|[^|]+\| (\d+) \|", section, re.MULTILINE))
    assert rows == {criterion.id: str(criterion.weight) for criterion in CRITERIA}


def test_the_api_record_carries_the_score_and_the_missing_ids(client):
    fiche = complete(project_status=ProjectStatus.UNKNOWN)
    body = client.get(f"/api/v1/initiatives/{fiche.slug}").json()
    assert body["quality"] == {"score": 90, "missing": ["project_status"]}


def test_quality_min_keeps_the_fiches_that_reach_it(client):
    good = complete(title="Bonne fiche")
    complete(title="Fiche sans statut", project_status=ProjectStatus.UNKNOWN)
    f.InitiativeFactory(title="Fiche maigre", description="Court.")
    titles = lambda params: sorted(  # noqa: E731
        hit["title"] for hit in client.get("/api/v1/initiatives", params).json()["results"]
    )
    assert titles({"quality_min": "100"}) == [good.title]
    assert titles({"quality_min": "90"}) == ["Bonne fiche", "Fiche sans statut"]
    assert len(titles({})) == 3
    response = client.get("/api/v1/initiatives", {"quality_min": "101"})
    assert response.status_code == 400
    assert "quality_min" in response.json()["detail"]


def test_curators_sort_the_published_fiches_by_quality(client, curator):
    complete(title="Moyenne", project_status=ProjectStatus.UNKNOWN)
    f.InitiativeFactory(title="Faible", description="Court.")
    complete(title="Parfaite")
    client.force_login(curator)
    url = reverse("curation:queue")

    def order(tri):
        html = client.get(url, {"etat": "published", "tri": tri}).content.decode()
        assert "Qualité" in html
        return [t for t in re.findall(r'/curation/initiatives/\d+/">([^<]+)<', html)]

    assert order("qualite") == ["Faible", "Moyenne", "Parfaite"]
    assert order("-qualite") == ["Parfaite", "Moyenne", "Faible"]
    # The queue of proposals waiting for a decision has no such column.
    assert "Qualité" not in client.get(url).content.decode()

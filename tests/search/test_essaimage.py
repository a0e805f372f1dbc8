"""Search and essaimage (issue 10): the transfer kit is indexed (below the description), the
filters « statut du projet », « ouvert à l’essaimage » and « essaimé » on every surface, and the
sort by number of replications, which follows publications, archives and relinks."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cahier.catalogue import services
from cahier.catalogue.enums import Openness, ProjectStatus, PublicationStatus
from cahier.catalogue.services import InitiativeData
from cahier.search.engine import SearchQuery, search
from tests.catalogue import factories as f

from .helpers import create

pytestmark = pytest.mark.django_db


def _counts(result, facet):
    return {value.value: value.count for value in result.facets[facet]}


def _slugs(**query):
    return [hit.slug for hit in search(SearchQuery(limit=100, **query)).hits]


@pytest.fixture
def lineage():
    """An origin replicated twice, one replicated once, two never (one of them ended)."""
    origin = f.InitiativeFactory(
        title="Atelier origine",
        slug="origine",
        project_status=ProjectStatus.ONGOING,
        openness=Openness.WITH_SUPPORT,
    )
    second = f.InitiativeFactory(
        title="Atelier second",
        slug="second",
        project_status=ProjectStatus.ONGOING,
        openness=Openness.YES,
    )
    f.InitiativeFactory(
        title="Atelier copie A", slug="copie-a", replication_of=origin, openness=Openness.NO
    )
    f.InitiativeFactory(title="Atelier copie B", slug="copie-b", replication_of=origin)
    f.InitiativeFactory(title="Atelier copie C", slug="copie-c", replication_of=second)
    f.InitiativeFactory(title="Atelier fini", slug="fini", project_status=ProjectStatus.ENDED)
    return origin, second


# --- The transfer kit is indexed -----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("success_conditions", "Un binôme avec la sous-préfecture est indispensable."),
        ("pitfalls", "Attention au turnover des bénévoles."),
        ("essential_partners", "La chambre des métiers."),
        ("prerequisites", "Une ressourcerie sur le territoire."),
        ("adaptations", "Nous avons ajouté une permanence itinérante."),
    ],
)
def test_every_kit_text_is_found(field, text):
    create("Fiche avec kit", **{field: text})
    create("Fiche sans kit")
    word = max(text.rstrip(".").split(), key=len)
    assert [hit.title for hit in search(SearchQuery(q=word)).hits] == ["Fiche avec kit"]


@pytest.mark.postgres
def test_outcome_labels_and_funder_names_are_found():
    create(
        "Fiche chiffrée",
        outcomes=[{"indicator": "Sorties positives vers l'alternance", "value": 40, "unit": "%"}],
        funders=[{"name": "Fondation Orsenna", "type": "prive"}],
    )
    assert [hit.title for hit in search(SearchQuery(q="alternance")).hits] == ["Fiche chiffrée"]
    assert [hit.title for hit in search(SearchQuery(q="Orsenna")).hits] == ["Fiche chiffrée"]


@pytest.mark.postgres
def test_the_kit_weighs_less_than_the_description():
    create("Fiche B", description="Un garage solidaire pour les salariés en insertion.")
    create("Fiche A", description="Un atelier.", success_conditions="Un garage solidaire.")
    result = search(SearchQuery(q="garage solidaire"))
    assert [hit.title for hit in result.hits] == ["Fiche B", "Fiche A"]
    assert result.hits[0].score > result.hits[1].score


# --- Filters and their counts ---------------------------------------------------------------


@pytest.mark.postgres
def test_facet_counts_for_status_openness_and_replicated(lineage):
    result = search(SearchQuery(q="atelier"))
    assert _counts(result, "replicated") == {"oui": 2, "non": 4}
    assert _counts(result, "project_status") == {"en cours": 2, "terminé": 1, "inconnu": 3}
    assert _counts(result, "openness") == {
        "oui": 1,
        "oui avec accompagnement": 1,
        "non": 1,
        "non précisé": 3,
    }
    labels = {value.value: value.label for value in result.facets["openness"]}
    assert labels["oui avec accompagnement"] == "Oui, avec accompagnement"


@pytest.mark.postgres
def test_filters_combine_and_counts_stay_disjunctive(lineage):
    assert sorted(_slugs(replicated=["oui"])) == ["origine", "second"]
    assert _slugs(replicated=["oui"], openness=["oui avec accompagnement"]) == ["origine"]
    # Typed as in a URL: « en-cours », « Oui-avec-accompagnement ».
    assert sorted(_slugs(project_status=["en-cours"])) == ["origine", "second"]
    assert _slugs(openness=["Oui-avec-accompagnement"]) == ["origine"]
    result = search(SearchQuery(replicated=["non"], project_status=["terminé"]))
    assert [hit.slug for hit in result.hits] == ["fini"]
    # Each facet counted without its own filter.
    assert _counts(result, "project_status")["inconnu"] == 3
    assert _counts(result, "replicated") == {"non": 1}


@pytest.mark.postgres
def test_api_site_cli_and_exports_take_the_filters(client, lineage):
    body = client.get("/api/v1/initiatives", {"replicated": "oui", "project_status": "en cours"})
    assert body.status_code == 200
    assert sorted(hit["slug"] for hit in body.json()["results"]) == ["origine", "second"]
    assert {v["value"] for v in body.json()["facets"]["openness"]} >= {"oui"}

    html = client.get("/initiatives/", {"essaime": "oui", "essaimage": "oui"}).content.decode()
    assert "Atelier second" in html and "Atelier origine" not in html
    # The filter panel offers the three filters, in French, with their counts.
    page = client.get("/initiatives/", {"q": "atelier"}).content.decode()
    for legend in ("Statut du projet", "Ouvert à l’essaimage", "Essaimé"):
        assert legend in page
    assert 'name="statut_projet" value="en cours"' in page
    assert 'name="essaime" value="oui"' in page

    out = StringIO()
    call_command("search", "--replicated", "oui", "--openness", "oui", "--json", stdout=out)
    assert [hit["slug"] for hit in json.loads(out.getvalue())["results"]] == ["second"]

    exported = client.get("/api/v1/exports/initiatives.csv", {"replicated": "non"})
    rows = list(csv.DictReader(io.StringIO(exported.getvalue().decode("utf-8-sig"))))
    assert sorted(row["slug"] for row in rows) == ["copie-a", "copie-b", "copie-c", "fini"]
    out = StringIO()
    call_command("export", "--format", "json", "--project_status", "terminé", stdout=out)
    assert [i["slug"] for i in json.loads(out.getvalue())["initiatives"]] == ["fini"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"replicated": "peut-être"}, "replicated"),
        ({"project_status": "abandonné"}, "project_status"),
        ({"openness": "parfois"}, "openness"),
    ],
)
def test_bad_values_are_refused_naming_the_parameter(client, lineage, params, named):
    response = client.get("/api/v1/initiatives", params)
    assert response.status_code == 400
    assert f"« {named} »" in response.json()["detail"]
    site = {"replicated": "essaime", "project_status": "statut_projet", "openness": "essaimage"}
    page = client.get("/initiatives/", {site[named]: next(iter(params.values()))})
    assert page.status_code == 400
    assert f"« {site[named]} »" in page.content.decode()
    with pytest.raises(CommandError, match=f"--{named}"):
        call_command("search", f"--{named}", next(iter(params.values())), stdout=StringIO())


# --- Sort by number of replications ---------------------------------------------------------


@pytest.mark.postgres
def test_most_replicated_first_on_every_page(lineage):
    origin, second = lineage
    # Thirty more fiches, one of them replicated three times: two pages of 20.
    for n in range(30):
        f.InitiativeFactory(title=f"Atelier {n:02d}", slug=f"atelier-{n}")
    star = f.InitiativeFactory(title="Atelier étoile", slug="etoile")
    for n in range(3):
        f.InitiativeFactory(
            title=f"Copie étoile {n}", slug=f"copie-etoile-{n}", replication_of=star
        )
    first = search(SearchQuery(q="atelier", sort="essaimages", limit=20))
    second_page = search(SearchQuery(q="atelier", sort="essaimages", limit=20, offset=20))
    slugs = [hit.slug for hit in first.hits + second_page.hits]
    assert first.count == 37
    assert slugs[:3] == ["etoile", "origine", "second"]
    # Ties (no replication) by title, down to the last page.
    rest = [hit.title for hit in first.hits[3:] + second_page.hits]
    assert rest == sorted(rest, key=str.casefold)
    third = search(SearchQuery(q="atelier", sort="essaimages", limit=20, offset=40))
    assert len(slugs) + len(third.hits) == 37


@pytest.mark.postgres
def test_the_count_follows_publication_archive_and_relink(client, lineage):
    origin, second = lineage
    assert _slugs(sort="essaimages")[:2] == ["origine", "second"]
    # Two drafts replicating « second »: not counted until published.
    drafts = [
        f.InitiativeFactory(
            title=f"Brouillon {n}", slug=f"brouillon-{n}", replication_of=second, draft=True
        )
        for n in range(2)
    ]
    assert _slugs(sort="essaimages")[:2] == ["origine", "second"]
    for draft in drafts:
        services.initiative_set_status(initiative=draft, status=PublicationStatus.PUBLISHED)
    assert _slugs(sort="essaimages")[:2] == ["second", "origine"]
    # Archiving one replication of « second »: back to a tie at 2, broken by title.
    services.initiative_set_status(initiative=drafts[0], status=PublicationStatus.ARCHIVED)
    assert _slugs(sort="essaimages")[:2] == ["origine", "second"]
    # Relinking « copie A » and « copie B » to « second »: « origine » is no longer essaimé.
    for slug in ("copie-a", "copie-b"):
        copy = type(origin).objects.get(slug=slug)
        data = InitiativeData.from_initiative(copy)
        data.replication_of = second
        services.initiative_update(initiative=copy, data=data, expected_version=copy.version)
    assert _slugs(sort="essaimages")[0] == "second"
    assert "origine" in _slugs(replicated=["non"])
    api = client.get("/api/v1/initiatives", {"replicated": "oui"}).json()
    assert [hit["slug"] for hit in api["results"]] == ["second"]


def test_the_sort_is_offered_on_the_site_and_the_cli(client, lineage):
    page = client.get("/initiatives/", {"tri": "essaimages"}).content.decode()
    assert "Nombre d’essaimages" in page
    assert page.index("Atelier origine") < page.index("Atelier second") < page.index("Atelier fini")
    out = StringIO()
    call_command("search", "--sort", "essaimages", "--json", stdout=out)
    assert [hit["slug"] for hit in json.loads(out.getvalue())["results"]][:2] == [
        "origine",
        "second",
    ]

"""« Statistiques » (/statistiques/): every chart's numbers, read from its CSV as a person
would download it, equal the database counts of the published fiches; drafts never count."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cahier.catalogue.enums import EventKind, ProjectStatus, ProvenanceStatus, PublicationStatus
from cahier.catalogue.models import Initiative, Keyword, PublicType, Region
from cahier.contacts import services as contact_services
from cahier.contacts.enums import AnsweredBy, RequestStatus
from cahier.contacts.models import ContactRequest
from cahier.www import statistics
from tests.catalogue.factories import (
    EventFactory,
    InitiativeFactory,
    KeywordFactory,
    PublicTypeFactory,
    region,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def catalogue():
    """Published fiches spread over two regions, two events, statuses, freshness and lineage,
    plus a draft that carries every attribute and must never be counted."""
    mobility = KeywordFactory(label="Mobilité", slug="mobilite")
    housing = KeywordFactory(label="Logement", slug="logement")
    young = PublicTypeFactory(label="Jeunes", slug="jeunes")
    trophies = EventFactory(kind=EventKind.TROPHEES_FSE, year=2019)
    origin = InitiativeFactory(
        slug="garage",
        title="Garage solidaire",
        with_kit=True,
        keywords=[mobility, housing],
        publics=[young],
    )
    InitiativeFactory(
        slug="garage-lorient",
        title="Garage de Lorient",
        replication_of=origin,
        keywords=[mobility],
        event=trophies,
        provenance_status=ProvenanceStatus.SELECTED,
        project_status=ProjectStatus.PLANNED,
    )
    InitiativeFactory(
        slug="garage-brest",
        title="Garage de Brest",
        replication_of=origin,
        region=region("occitanie"),
        event=None,
        provenance_status="",
    )
    InitiativeFactory(
        slug="tiers-lieu", title="Tiers-lieu", origin_name="Un projet québécois", publics=[young]
    )
    InitiativeFactory(
        slug="brouillon",
        title="Brouillon",
        draft=True,
        replication_of=origin,
        keywords=[mobility],
        publics=[young],
        event=trophies,
        region=region("occitanie"),
    )
    # Freshness: one checked last month, one checked two years ago, the others never.
    Initiative.objects.filter(slug="garage").update(verified_at=NOW - timedelta(days=30))
    Initiative.objects.filter(slug="garage-lorient").update(verified_at=NOW - timedelta(days=800))
    Initiative.objects.filter(slug="brouillon").update(verified_at=NOW - timedelta(days=3))
    return origin


def _csv(client, slug: str) -> tuple[list[str], dict[str, int]]:
    response = client.get(f"/statistiques/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # a French spreadsheet reads the accents right
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    return rows[0], {label: int(count) for label, count in rows[1:]}


def test_regions_keywords_and_publics_equal_the_database(client, catalogue):
    published = Initiative.objects.published()
    header, regions = _csv(client, "regions")
    assert header == ["Région", "Nombre de fiches"]
    for entry in Region.objects.all():
        assert regions[entry.name] == published.filter(region=entry).count()
    assert regions["Bretagne"] == 3 and regions["Occitanie"] == 1

    _, keywords = _csv(client, "mots-cles")
    for keyword in Keyword.objects.filter(initiatives__isnull=False).distinct():
        assert keywords[keyword.label] == published.filter(keywords=keyword).count()
    assert keywords == {"Mobilité": 2, "Logement": 1}

    _, publics = _csv(client, "publics")
    for public in PublicType.objects.filter(initiatives__isnull=False).distinct():
        assert publics[public.label] == published.filter(publics=public).count()
    assert publics == {"Jeunes": 2}


def test_provenance_and_statuses_equal_the_database(client, catalogue):
    published = Initiative.objects.published()
    _, events = _csv(client, "provenance")
    assert (
        events["Trophées FSE 2019"] == published.filter(event__kind=EventKind.TROPHEES_FSE).count()
    )
    assert (
        events["JITE 2018"]
        == published.filter(event__kind=EventKind.JITE, event__year=2018).count()
    )
    assert events["Sans événement de provenance"] == published.filter(event=None).count() == 1
    assert sum(events.values()) == published.count() == 4

    _, provenance = _csv(client, "statut-provenance")
    for status in ProvenanceStatus:
        assert provenance[status.label] == published.filter(provenance_status=status).count()
    assert provenance["Non renseigné"] == published.filter(provenance_status="").count() == 1

    _, project = _csv(client, "statut-projet")
    for status in ProjectStatus:
        assert project[status.label] == published.filter(project_status=status).count()
    assert project["En cours"] == 1 and project["En projet"] == 1 and project["Inconnu"] == 2


def test_freshness_counts_verified_overdue_and_never(client, catalogue):
    published = Initiative.objects.published()
    _, fresh = _csv(client, "fraicheur")
    now = timezone.now()
    verified = [fiche for fiche in published if fiche.verified_at is not None]
    assert list(fresh.values()) == [
        sum(fiche.verified_within_interval(now) for fiche in verified),
        sum(not fiche.verified_within_interval(now) for fiche in verified),
        published.filter(verified_at__isnull=True).count(),
    ]
    assert list(fresh.values()) == [1, 1, 2]


def test_freshness_counts_each_fiche_against_its_own_interval():
    """Verified eight months ago: overdue at 6 months, fresh at 12; verified 20 months ago:
    fresh at 24 months, overdue at 12 (the clock is frozen: `freshness(now)`)."""
    now = timezone.make_aware(datetime(2026, 12, 1, 9))
    for slug, months, verified in (
        ("six", 6, datetime(2026, 4, 1)),
        ("douze", 12, datetime(2026, 4, 1)),
        ("vingt-quatre", 24, datetime(2025, 4, 1)),
        ("douze-ancienne", 12, datetime(2025, 4, 1)),
    ):
        fiche = InitiativeFactory(slug=slug, check_interval_months=months)
        Initiative.objects.filter(pk=fiche.pk).update(verified_at=timezone.make_aware(verified))
    rows = [row.count for row in statistics.freshness(now).rows]
    assert rows == [2, 2, 0]  # douze and vingt-quatre; six and douze-ancienne


def test_replications_and_top_origins_equal_the_database(client, catalogue):
    published = Initiative.objects.published()
    _, lineage = _csv(client, "essaimages")
    assert list(lineage.values()) == [
        published.filter(replication_of__isnull=False).count(),
        published.filter(replication_of=None).exclude(origin_name="").count(),
        published.filter(replications__status=PublicationStatus.PUBLISHED).distinct().count(),
    ]
    assert list(lineage.values()) == [2, 1, 1]

    header, origins = _csv(client, "origines")
    assert header == ["Fiche d’origine", "Nombre d’essaimages publiés"]
    # The draft replication is not counted.
    assert origins == {
        "Garage solidaire": catalogue.replications.filter(
            status=PublicationStatus.PUBLISHED
        ).count()
    }
    assert origins["Garage solidaire"] == 2


def _send(initiative, key):
    requester = contact_services.Requester(
        name="Léa Martin",
        organisation="Ville de Lorient",
        territory="Lorient",
        email="lea.martin@lorient.example",
        message="Pouvons-nous visiter le garage ?",
    )
    request, _ = contact_services.contact_request_send(
        initiative=initiative, requester=requester, key=key
    )
    return request


def test_contact_requests_by_status_equal_the_database(client, catalogue):
    first = _send(catalogue, "cle-1")
    _send(catalogue, "cle-2")
    _send(Initiative.objects.get(slug="tiers-lieu"), "cle-3")  # no address: sans destinataire
    contact_services.contact_request_answer(contact_request=first, by=AnsweredBy.HOLDER)

    header, counts = _csv(client, "demandes-de-contact")
    assert header == ["État de la demande", "Nombre de demandes"]
    for status in RequestStatus:
        assert counts[status.label] == ContactRequest.objects.filter(status=status).count()
    assert counts == {"Envoyée": 1, "Répondue": 1, "Sans réponse": 0, "Sans destinataire": 1}

    page = client.get("/statistiques/").content.decode()
    assert "Demandes de contact par état" in page
    assert 'href="/statistiques/demandes-de-contact.csv"' in page


def test_the_page_shows_each_chart_with_its_table_and_csv(client, catalogue):
    response = client.get("/statistiques/")
    assert response.status_code == 200
    page = response.content.decode()
    for chart in statistics.all_charts():
        assert f'<h2 id="{chart.slug}-titre"' in page
        assert f'href="/statistiques/{chart.slug}.csv"' in page
        assert f"<caption>{chart.title}</caption>" in page
    # Bars are drawn with width classes: the longest bar fills the line, nothing inline.
    assert "cahier-bar--w100" in page and "cahier-bar--w50" in page
    assert "style=" not in page
    # The numbers are written, not only drawn: « Mobilité » 2 fiches of 4, 50 %.
    assert "<td>2</td><td>50\u202f%</td>" in page


def test_csv_quotes_labels_with_a_separator(client, db):
    InitiativeFactory(slug="a", keywords=[KeywordFactory(label="Emploi; formation")])
    body = client.get("/statistiques/mots-cles.csv").content.decode("utf-8")
    assert '"Emploi; formation";1\r\n' in body


def test_an_unknown_chart_is_not_found(client, db):
    assert client.get("/statistiques/inconnu.csv").status_code == 404


def test_the_home_page_links_to_the_statistics(client, db):
    assert 'href="/statistiques/"' in client.get("/").content.decode()


def test_no_fiche_gives_empty_charts_not_an_error(client, db):
    response = client.get("/statistiques/")
    assert response.status_code == 200
    assert "Aucune donnée pour l’instant." in response.content.decode()

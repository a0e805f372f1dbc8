"""`links_check` and `cahier links check`: the links of published fiches, checked against the
local server, stored once per link and fiche; the fiche itself never changes."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from cahier.catalogue import services as catalogue_services
from cahier.catalogue.enums import PublicationStatus
from cahier.links import selectors
from cahier.links.checker import CheckOptions
from cahier.links.enums import LinkField, LinkStatus
from cahier.links.models import LinkCheck
from cahier.links.services import links_check
from tests.catalogue.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

FAST = CheckOptions(timeout=5, delay=0, backoff=0.05, allow_private=True)
MONDAY = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "ressources").mkdir()
    (tmp_path / "ressources" / "guide.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


@pytest.fixture
def fiche(server, media):
    return InitiativeFactory(
        title="Passerelle vers l'emploi",
        links=[server.url("/ok"), server.url("/missing"), "mailto:contact@example.org"],
        resources=[
            {"title": "Guide", "url": "/media/ressources/guide.pdf"},
            {"title": "Fiche perdue", "url": "/media/ressources/perdue.pdf"},
            {"title": "Kit", "url": server.url("/moved")},
        ],
        outcomes=[{"indicator": "Sorties en emploi", "value": 40, "url": server.url("/ok")}],
        origin_url=server.url("/missing"),
    )


def rows(initiative):
    return {
        (row.field, row.url): (row.status, row.http_code, row.consecutive_failures)
        for row in LinkCheck.objects.filter(initiative=initiative)
    }


def test_every_link_of_a_published_fiche_is_checked_and_stored(server, fiche):
    report = links_check(now=MONDAY, options=FAST)
    assert rows(fiche) == {
        (LinkField.LINKS, server.url("/ok")): (LinkStatus.OK, 200, 0),
        (LinkField.LINKS, server.url("/missing")): (LinkStatus.BROKEN, 404, 1),
        (LinkField.RESOURCES, "/media/ressources/guide.pdf"): (LinkStatus.OK, None, 0),
        (LinkField.RESOURCES, "/media/ressources/perdue.pdf"): (LinkStatus.BROKEN, None, 1),
        (LinkField.RESOURCES, server.url("/moved")): (LinkStatus.REDIRECT, 200, 0),
        (LinkField.OUTCOMES, server.url("/ok")): (LinkStatus.OK, 200, 0),
        (LinkField.ORIGIN, server.url("/missing")): (LinkStatus.BROKEN, 404, 1),
    }
    assert (report.fiches, report.links, report.problems) == (1, 7, 3)
    # Each address asked once, however many fields cite it.
    assert server.received("/missing") == ["HEAD"]
    moved = LinkCheck.objects.get(url=server.url("/moved"))
    assert moved.final_url == server.url("/ok")
    assert moved.checked_at == MONDAY


@pytest.mark.postgres
def test_a_re_run_updates_the_rows_and_counts_failures_in_a_row(server, fiche):
    links_check(now=MONDAY, options=FAST)
    links_check(now=TUESDAY, options=FAST)
    assert LinkCheck.objects.filter(initiative=fiche).count() == 7
    missing = LinkCheck.objects.get(field=LinkField.LINKS, url=server.url("/missing"))
    assert (missing.consecutive_failures, missing.checked_at) == (2, TUESDAY)
    assert LinkCheck.objects.get(field=LinkField.LINKS, url=server.url("/ok")).checked_at == TUESDAY


def test_a_link_that_answers_again_resets_its_failures(server, fiche, media):
    links_check(now=MONDAY, options=FAST)
    (media / "ressources" / "perdue.pdf").write_bytes(b"%PDF-1.4")
    links_check(now=TUESDAY, options=FAST)
    row = LinkCheck.objects.get(url="/media/ressources/perdue.pdf")
    assert (row.status, row.consecutive_failures) == (LinkStatus.OK, 0)


def test_a_link_removed_from_the_fiche_loses_its_row_and_stops_counting(server, fiche):
    links_check(now=MONDAY, options=FAST)
    fiche.refresh_from_db()
    data = catalogue_services.InitiativeData(
        title=fiche.title, region=fiche.region, links=[server.url("/ok")], origin_url=""
    )
    catalogue_services.initiative_update(
        initiative=fiche, data=data, expected_version=fiche.version
    )
    fiche.refresh_from_db()
    # Before the next check, the replaced links no longer count against the fiche.
    assert selectors.broken_links_count(fiche) == 0
    links_check(now=TUESDAY, options=FAST)
    assert rows(fiche) == {(LinkField.LINKS, server.url("/ok")): (LinkStatus.OK, 200, 0)}


@pytest.mark.postgres
def test_drafts_are_not_checked_and_unpublished_fiches_are_forgotten(server, fiche):
    draft = InitiativeFactory(draft=True, links=[server.url("/missing")])
    links_check(now=MONDAY, options=FAST)
    assert not LinkCheck.objects.filter(initiative=draft).exists()
    catalogue_services.initiative_set_status(initiative=fiche, status=PublicationStatus.ARCHIVED)
    links_check(now=TUESDAY, options=FAST)
    assert not LinkCheck.objects.exists()


def test_the_fiche_itself_is_never_changed(server, fiche):
    before = (fiche.links, fiche.resources, fiche.origin_url, fiche.version)
    links_check(now=MONDAY, options=FAST)
    fiche.refresh_from_db()
    assert (fiche.links, fiche.resources, fiche.origin_url, fiche.version) == before


def test_selectors_give_the_problems_of_a_fiche(server, fiche):
    links_check(now=MONDAY, options=FAST)
    problems = selectors.initiative_link_problems(fiche)
    assert [(row.field, row.url) for row in problems] == [
        (LinkField.LINKS, server.url("/missing")),
        (LinkField.ORIGIN, server.url("/missing")),
        (LinkField.RESOURCES, "/media/ressources/perdue.pdf"),
    ]
    assert selectors.broken_links_count(fiche) == 3
    assert selectors.broken_links_count(InitiativeFactory(links=[])) == 0


def test_a_media_address_cannot_climb_out_of_the_media_folder(server, media):
    (media.parent / "secret.txt").write_text("x")
    fiche = InitiativeFactory(resources=[{"title": "x", "url": "/media/../secret.txt"}], links=[])
    links_check(now=MONDAY, options=FAST)
    assert LinkCheck.objects.get(initiative=fiche).status == LinkStatus.BROKEN


def test_the_command_checks_one_fiche_and_sums_up(server, fiche, settings, capsys):
    settings.CAHIER_LINKCHECK_ALLOW_PRIVATE = True
    other = InitiativeFactory(links=[server.url("/ok")])
    call_command("links", "check", "--only", fiche.slug, "--timeout", "5", "--concurrency", "4")
    output = capsys.readouterr().out
    assert output.splitlines() == [
        "7\u00a0liens vérifiés sur 1\u00a0fiche "
        "(répond\u00a0: 3, redirigé\u00a0: 1, cassé\u00a0: 3).",
        "3\u00a0liens ne répondent pas\u00a0: voir Curation → Liens cassés.",
    ]
    assert not LinkCheck.objects.filter(initiative=other).exists()
    assert server.requests[0][2] == f"cahier-link-checker (+{settings.CAHIER_BASE_URL})"


def test_the_command_refuses_an_unknown_fiche(db):
    with pytest.raises(CommandError, match="Aucune fiche publiée pour : « inconnue »"):
        call_command("links", "check", "--only", "inconnue")


def test_without_the_setting_loopback_links_are_refused(server, fiche, settings):
    settings.CAHIER_LINKCHECK_ALLOW_PRIVATE = False
    call_command("links", "check")
    row = LinkCheck.objects.get(field=LinkField.LINKS, url=server.url("/ok"))
    assert row.status == LinkStatus.ERROR
    assert "adresse privée ou locale" in row.message
    assert server.requests == []

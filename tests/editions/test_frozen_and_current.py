"""Editions have one writer, a published edition is frozen, and the edition whose numbers the
site shows is an explicit, confirmed curator choice (issue 9, items 2 and 3).

Each test here failed on the code before this change: numbering wrote into the current
published edition, publishing a small edition silently became the site's numbering, and a
published edition printed, listed and served its fiches as they are now."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from cahier.catalogue.models import Initiative
from cahier.contributions import accounts
from cahier.contributions import services as contributions
from cahier.contributions.models import AuditLogEntry
from cahier.editions import services
from cahier.editions.models import Edition
from cahier.editions.selectors import edition_current
from cahier.opendata.loader import catalogue_load_json
from tests.catalogue.documents import document
from tests.contributions.factories import UserFactory

API = "/api/v1"
# Constraints (one current edition) and JSON snapshots behave alike on both databases.
pytestmark = pytest.mark.postgres


@pytest.fixture
def curator(db):
    # A real curator (the role), also staff while editions/views.py checks is_staff.
    user = UserFactory(username="curatrice@example.org", email="curatrice@example.org")
    accounts.curator_grant(user=user)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def small_edition(sample_edition):
    """A new edition of 2 of the 6 fiches, « Mobilité » (no. 3 in the sample) first."""
    edition = services.edition_create(slug="cahier-2025", year=2025, title="Le cahier 2025")
    chosen = Initiative.objects.filter(slug__in=["fiche-3", "fiche-5"])
    services.edition_compose(edition=edition, initiatives=chosen, order="region")
    return edition


def number_on_the_site(client, slug: str) -> str:
    html = client.get(reverse("www:initiative", args=[slug])).content.decode()
    return html.split("Fiche n° ", 1)[1].split("<", 1)[0] if "Fiche n° " in html else ""


# --- one writer, and it refuses to renumber a published edition ---------------------------


def test_numbering_from_curation_refuses_a_published_edition(sample_edition, curator):
    """The contributions path wrote numbers into the current, published edition."""
    fiche = Initiative.objects.get(slug="fiche-1")
    with pytest.raises(ValidationError, match="est publiée : sa numérotation ne change plus"):
        contributions.initiative_number_set(
            initiative=fiche, edition=sample_edition, number=99, actor=curator
        )
    assert fiche.edition_entries.get(edition=sample_edition).number == 1


def test_the_curation_page_cannot_renumber_the_published_edition(client, sample_edition, curator):
    fiche = Initiative.objects.get(slug="fiche-1")
    client.force_login(curator)
    page = client.get(reverse("curation:detail", kwargs={"pk": fiche.pk})).content.decode()
    assert "sa numérotation est figée" in page
    response = client.post(
        reverse("curation:number", kwargs={"pk": fiche.pk}), {"number": 99}, follow=True
    )
    assert "est publiée" in response.content.decode()
    assert fiche.edition_entries.get(edition=sample_edition).number == 1


def test_curation_numbers_in_the_edition_in_preparation(client, sample_edition, curator):
    """While the site shows the published edition, the next one is numbered from curation."""
    upcoming = services.edition_create(slug="cahier-2025", year=2025, title="Le cahier 2025")
    fiche = Initiative.objects.get(slug="fiche-1")
    client.force_login(curator)
    client.post(reverse("curation:number", kwargs={"pk": fiche.pk}), {"number": 4})
    assert fiche.edition_entries.get(edition=upcoming).number == 4
    assert fiche.edition_entries.get(edition=sample_edition).number == 1
    assert number_on_the_site(client, "fiche-1") == "1"


@pytest.mark.parametrize(
    "write",
    [
        lambda e, i: services.edition_number_set(edition=e, initiative=i, number=99),
        lambda e, i: services.edition_number_set(edition=e, initiative=i, number=None),
        lambda e, i: services.edition_compose(edition=e, initiatives=[i]),
        lambda e, i: services.edition_update(edition=e, year=e.year, title="Autre titre"),
    ],
    ids=["number", "remove", "compose", "retitle"],
)
def test_every_edition_write_refuses_a_published_edition(sample_edition, write):
    fiche = Initiative.objects.get(slug="fiche-2")
    with pytest.raises(ValidationError, match="est publiée"):
        write(sample_edition, fiche)
    assert fiche.edition_entries.get(edition=sample_edition).number == 2


def test_the_admin_shows_editions_read_only(client, sample_edition):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:editions_edition_change", args=[sample_edition.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="entries-0-number"' not in page.content.decode()
    assert client.post(url, {"title": "Autre"}).status_code == 403
    assert client.get(reverse("admin:editions_edition_add")).status_code == 403
    assert Edition.objects.get(pk=sample_edition.pk).title == sample_edition.title


def test_reimporting_a_renumbered_document_into_a_published_edition_is_refused(db, tmp_path):
    path = tmp_path / "cahier.txt"
    path.write_text(document(), encoding="utf-8")
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    edition = Edition.objects.get()
    assert edition.is_published and edition.is_current  # the first edition of an empty site
    assert all(entry.snapshot for entry in edition.entries.all())
    path.write_text(
        document(list_titles=["Premier projet", "Un titre de liste changé"]), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="est publiée : sa numérotation ne change plus"):
        call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert list(edition.entries.values_list("list_title", flat=True)) == ["", ""]
    # Under another identifier the same document makes a new edition; the site keeps 2019's.
    out = io.StringIO()
    call_command("import", str(path), "--edition", "2019-bis", stdout=out, stderr=io.StringIO())
    assert Edition.objects.get(slug="2019-bis").is_published
    assert edition_current() == edition


def test_loading_open_data_cannot_renumber_a_published_edition(sample_edition, client):
    document = json.loads(client.get(f"{API}/exports/initiatives.json").getvalue())
    document["initiatives"][0]["number"], document["initiatives"][1]["number"] = 2, 1
    with pytest.raises(ValidationError, match="est publiée"):
        catalogue_load_json(document=document)
    assert Initiative.objects.get(slug="fiche-1").edition_entries.get().number == 1


# --- the current edition is an explicit, confirmed choice --------------------------------


def test_publishing_a_small_edition_does_not_renumber_the_site(client, small_edition):
    """Publishing 2 fiches made them the current edition: the other fiches lost their number
    and « Mobilité » went from no. 3 to no. 1 on the site, in /reperes/ and in the exports."""
    services.edition_publish(edition=small_edition)
    assert edition_current().slug == "cahier-2019"
    assert number_on_the_site(client, "fiche-3") == "3"
    assert number_on_the_site(client, "fiche-1") == "1"
    records = json.loads(client.get(f"{API}/exports/initiatives.json").getvalue())["initiatives"]
    assert {r["slug"]: r["number"] for r in records}["fiche-3"] == 3
    assert client.get(f"{API}/initiatives/fiche-6").json()["number"] == 6


def test_the_confirmation_page_says_what_will_change(client, small_edition, curator):
    services.edition_publish(edition=small_edition)
    client.force_login(curator)
    detail = client.get(reverse("editions:detail", args=[small_edition.slug])).content.decode()
    url = reverse("editions:make_current", args=[small_edition.slug])
    assert url in detail
    page = client.get(url).content.decode()
    assert "4 fiches n’auront plus de numéro" in page
    assert "2 fiches changent de numéro" in page
    assert "Mobilité&nbsp;: n°&nbsp;3 → n°&nbsp;1" in page
    assert "Le cahier des initiatives INCLUSION (2019)" in page  # the current one, named
    # Not confirmed: nothing changes.
    client.post(url, {})
    assert edition_current().slug == "cahier-2019"
    client.post(url, {"confirm": "oui"})
    assert edition_current() == small_edition
    assert number_on_the_site(client, "fiche-3") == "1"
    assert number_on_the_site(client, "fiche-1") == ""
    entry = AuditLogEntry.objects.get(action="edition.made_current", actor=curator)
    assert entry.data["previous"] == "cahier-2019" and entry.data["unnumbered"] == 4
    # The way back: the edition list names the current edition; the old one can be chosen
    # again and its frozen numbers come back as they were.
    listing = client.get(reverse("editions:list")).content.decode()
    assert "Édition de référence du site" in listing and "Le cahier 2025 (2025)" in listing
    back = reverse("editions:make_current", args=["cahier-2019"])
    assert "4 fiches gagnent un numéro" in client.get(back).content.decode()
    client.post(back, {"confirm": "oui"})
    assert number_on_the_site(client, "fiche-3") == "3"


def test_only_curators_choose_and_only_a_published_edition(client, small_edition, curator):
    url = reverse("editions:make_current", args=[small_edition.slug])
    client.force_login(UserFactory(username="lecteur"))
    assert client.post(url, {"confirm": "oui"}).status_code == 403
    client.force_login(curator)
    assert "publiez-la d’abord" in client.get(url).content.decode()
    with pytest.raises(ValidationError, match="publiée"):
        services.edition_make_current(edition=small_edition, actor=curator)
    assert edition_current().slug == "cahier-2019"


# --- a published edition is frozen --------------------------------------------------------


def test_a_published_edition_keeps_its_fiches_as_published(client, sample_edition):
    fiche = Initiative.objects.get(slug="fiche-3")
    fiche.title = "Mobilité solidaire"
    fiche.description = "Réécrite après la publication."
    fiche.save()
    Initiative.objects.filter(slug="fiche-4").update(status="draft")
    # The fiche's own page shows the new text…
    page = client.get(reverse("www:initiative", args=["fiche-3"])).content.decode()
    assert "Mobilité solidaire" in page
    # …the edition's page and its API record the fiche as published, draft included.
    edition_page = client.get(reverse("editions:detail", args=["cahier-2019"])).content.decode()
    assert "Mobilité solidaire" not in edition_page and "Mobilité" in edition_page
    assert "Loustic Services" in edition_page
    data = client.get(f"{API}/editions/cahier-2019").json()
    fiches = {fiche["number"]: fiche for fiche in data["fiches"]}
    assert len(fiches) == 6
    assert fiches[3]["title"] == "Mobilité"
    assert fiches[3]["record"]["description"] != "Réécrite après la publication."
    assert fiches[4]["slug"] == "fiche-4"


def test_withdrawing_keeps_the_edition_frozen(small_edition, sample_edition):
    with pytest.raises(ValidationError, match="édition de référence"):
        services.edition_unpublish(edition=sample_edition)
    services.edition_publish(edition=small_edition)
    before = json.dumps(
        list(small_edition.entries.values_list("number", "snapshot")), sort_keys=True
    )
    services.edition_unpublish(edition=small_edition)
    with pytest.raises(ValidationError, match="est publiée"):
        services.edition_compose(edition=small_edition, initiatives=[])
    Initiative.objects.filter(slug="fiche-3").update(title="Changée entre-temps")
    services.edition_publish(edition=small_edition)
    after = json.dumps(
        list(small_edition.entries.values_list("number", "snapshot")), sort_keys=True
    )
    assert after == before


def test_the_command_line_shows_then_changes_the_current_edition(small_edition):
    services.edition_publish(edition=small_edition)
    out = io.StringIO()
    call_command("edition", "current", "cahier-2025", stdout=out)
    assert "4 fiches sans numéro désormais" in out.getvalue()
    assert "Mobilité : n° 3 → n° 1" in out.getvalue()
    assert edition_current().slug == "cahier-2019"
    call_command("edition", "current", "cahier-2025", "--yes", stdout=io.StringIO())
    assert edition_current() == small_edition

"""`cahier backup` then `cahier restore` into an empty database gives back every row of every
table, the media files, and a search that finds what it found before (issue 14, finding 11:
the open-data JSON dropped accounts, history and drafts; dumpdata/loaddata left search empty)."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cahier.backup.services import NOT_CARRIED
from cahier.catalogue.models import Keyword
from cahier.contributions import services
from cahier.contributions.models import Revision
from tests.contributions.factories import UserFactory, complete_data

from .conftest import (
    build_rich_instance,
    hits,
    media,
    primary_keys,
    tables,
    wipe_to,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_backup_then_restore_into_an_empty_database_gives_back_everything(
    client, media_root, tmp_path
):
    empty = primary_keys()  # what `cahier migrate` leaves: regions, curators' group, synonyms
    build_rich_instance(client)
    before, found_before, files_before = tables(), hits(), media(media_root)
    assert before["sessions.session"], "the fixture logs someone in"
    assert all(found_before.values()), found_before
    archive = tmp_path / "cahier.zip"
    out = io.StringIO()

    call_command("backup", "-o", str(archive), stdout=out)

    assert "Sauvegarde écrite" in out.getvalue()
    wipe_to(empty)
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()
    assert all(not found for found in hits().values())
    out = io.StringIO()

    call_command("restore", str(archive), stdout=out)

    after = tables()
    assert after["sessions.session"] == []
    # Every server forgets what it cached from the old data: the generation is renewed.
    assert after["search.generation"] != before["search.generation"]
    for label in before:
        # The generation and the index change log are renewed by the restore's rebuild.
        if label not in {"sessions.session", "search.generation", "search.indexchange"}:
            assert after[label] == before[label], f"{label} differs after the restore"
    assert hits() == found_before
    assert media(media_root) == files_before
    assert "index de recherche reconstruit" in out.getvalue()
    # The restored instance takes new writes (ids and sequences follow the restored rows).
    curator = get_user_model().objects.get(username="curatrice@example.org")
    newcomer = UserFactory(username="nouvelle@example.org", curator=True)
    fiche = services.initiative_save(
        data=complete_data(title="Recyclerie de Brest", keywords=list(Keyword.objects.all()[:2])),
        actor=newcomer,
    )
    services.comment_add(initiative=fiche, author=curator, text="Bienvenue.")
    assert Revision.objects.filter(initiative=fiche).count() == 1


def test_the_archive_says_what_it_holds_and_leaves_out(client, media_root, tmp_path):
    build_rich_instance(client)
    archive = tmp_path / "cahier.zip"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())

    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        rows = json.loads(opened.read("data.json"))
    models = {row["model"] for row in rows}
    assert {
        "auth.user",
        "auth.group",
        "contributions.revision",
        "contributions.comment",
        "contributions.auditlogentry",
        "contributions.call",
        "contributions.submission",
        "editions.edition",
        "editions.editionentry",
        "catalogue.importrecord",
        "search.synonym",
        "admin.logentry",
    } <= models
    assert not models & set(NOT_CARRIED)
    assert manifest["counts"]["catalogue.initiative"] == 48  # 46 imported, 1 published, 1 draft
    assert "contributions" in manifest["migrations"]
    assert [entry["name"] for entry in manifest["media"]] == [
        "media/editions/cahier-2026-0123456789abcdef.pdf"
    ]
    # Dates keep their microseconds (Django's JSON cuts them to milliseconds).
    revision = next(row for row in rows if row["model"] == "contributions.revision")
    assert len(revision["fields"]["created_at"].split(".")[1].rstrip("Z")) == 6

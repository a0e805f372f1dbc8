"""`cahier import` never loses an edit made since the last import (issue 9)."""

import io
from dataclasses import replace

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cahier.catalogue.models import ImportRecord, Initiative
from cahier.catalogue.services import InitiativeData
from cahier.contributions import accounts, services
from cahier.contributions.models import AuditLogEntry, Revision
from cahier.editions.models import EditionEntry
from tests.contributions.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EDIT = "Description revue par la curation : 120 jeunes accompagnés en 2024."


def run_import(*args, path=None):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", str(path or settings.CAHIER_DEFAULT_DOCUMENT), *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def fiche(number: int) -> Initiative:
    return EditionEntry.objects.select_related("initiative").get(number=number).initiative


@pytest.fixture
def curator(db):
    user = UserFactory(username="curatrice@example.org", email="curatrice@example.org")
    accounts.curator_grant(user=user)
    return user


@pytest.fixture
def edited(curator):
    """The 2019 cahier imported, then fiche 1 edited on the web by a curator."""
    run_import()
    first = fiche(1)
    services.initiative_save(
        initiative=first,
        data=replace(InitiativeData.from_initiative(first), description=EDIT),
        actor=curator,
        expected_version=first.version,
        comment="Chiffres 2024",
    )
    return fiche(1)


def test_the_first_import_leaves_a_revision_and_an_audit_entry_per_fiche():
    run_import()
    assert Revision.objects.filter(comment__startswith="Import « cahier-").count() == 46
    assert AuditLogEntry.objects.filter(action="initiative.imported").count() == 46
    assert ImportRecord.objects.count() == 46


def test_reimport_after_a_web_edit_keeps_it_lists_it_and_fails(edited):
    # Before: « 2 mises à jour », the curator's description silently replaced, no trace.
    revisions, entries = Revision.objects.count(), AuditLogEntry.objects.count()
    with pytest.raises(CommandError) as caught:
        run_import()
    message = str(caught.value)
    assert "1 fiche modifiée depuis le dernier import" in message
    assert "rien n’a été modifié" in message
    assert "--force" in message
    first = fiche(1)
    assert first.description == EDIT
    assert first.version == edited.version
    assert (Revision.objects.count(), AuditLogEntry.objects.count()) == (revisions, entries)


def test_the_refusal_names_the_fiche_what_changed_when_and_who(edited):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=io.StringIO(), stderr=err
        )
    (line,) = [text for text in err.getvalue().splitlines() if text.startswith("Modifiée")]
    assert f"fiche 1 « {edited.title} »" in line
    assert "(Descriptif du projet)" in line
    assert "par curatrice@example.org" in line
    assert "\xa0h\xa0" in line  # « le 1er décembre 2026 à 12 h 30 »


def test_force_overwrites_and_keeps_the_edit_in_the_history(edited):
    out, _ = run_import("--force")
    assert "0 créées, 1 mises à jour, 45 inchangées" in out
    assert f"fiche 1 « {edited.title} »" in out
    first = fiche(1)
    assert first.description != EDIT
    assert first.version == edited.version + 1
    latest = Revision.objects.filter(initiative=first).order_by("-id").first()
    assert latest.comment.startswith("Import forcé « cahier-")
    assert "Descriptif du projet" in latest.comment
    assert latest.author is None
    # The replaced edit stays in the history, restorable.
    assert Revision.objects.filter(initiative=first, data__description=EDIT).exists()
    entry = AuditLogEntry.objects.filter(initiative=first).order_by("-id").first()
    assert entry.action == "initiative.imported"
    assert entry.data["overwritten"] == ["Descriptif du projet"]
    # Forced once, the record is the document again: the next import changes nothing.
    out, _ = run_import()
    assert "0 créées, 0 mises à jour, 46 inchangées" in out


def test_a_document_change_on_an_unedited_fiche_goes_through_with_a_revision(edited, tmp_path):
    slug = Initiative.objects.get(title="Mobijob").slug
    path = tmp_path / "cahier.txt"
    path.write_text(
        settings.CAHIER_DEFAULT_DOCUMENT.read_text(encoding="utf-8").replace(
            "**Public cible :** DELD/DETLD", "**Public cible :** DELD et DETLD"
        ),
        encoding="utf-8",
    )
    # Fiche 1 still blocks the import: nothing written, Mobijob included.
    with pytest.raises(CommandError):
        run_import(path=path)
    assert Initiative.objects.get(slug=slug).public == "DELD/DETLD"
    # The curator's edit undone on the web: the import goes through, Mobijob updated.
    first = fiche(1)
    before = Revision.objects.filter(initiative=first).order_by("id").first()
    services.revision_restore(
        revision=before,
        actor=first.updated_by,
        expected_version=first.version,
    )
    out, _ = run_import(path=path)
    assert "1 mises à jour" in out
    mobijob = Initiative.objects.get(slug=slug)
    assert mobijob.public == "DELD et DETLD"
    assert Revision.objects.filter(initiative=mobijob, comment="Import « cahier.txt »").exists()


def test_a_fiche_imported_before_the_records_and_edited_since_is_kept(edited):
    # Databases imported before this check have no record: an edited fiche (version > 1)
    # is a conflict too, said so.
    ImportRecord.objects.all().delete()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=io.StringIO(), stderr=err
        )
    assert "sans trace du dernier import" in err.getvalue()
    assert fiche(1).description == EDIT
    # The untouched ones (version 1) are not conflicts; they get their record back.
    assert ImportRecord.objects.count() == 0  # the refused import wrote nothing
    out, _ = run_import("--force")
    assert "0 créées, 1 mises à jour, 45 inchangées" in out
    assert ImportRecord.objects.count() == 46


def test_the_forced_import_shows_in_the_journal_and_the_history(edited, client, curator):
    from django.urls import reverse

    run_import("--force")
    client.force_login(curator)
    journal = client.get(reverse("curation:journal")).content.decode()
    assert "Fiche importée" in journal and "initiative.imported" not in journal
    history = client.get(reverse("curation:history", kwargs={"pk": edited.pk})).content.decode()
    assert "Import forcé « cahier-" in history
    assert "Chiffres 2024" in history  # the replaced edit, still there to restore

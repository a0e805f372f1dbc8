"""`cahier import FILE.xlsx|FILE.csv`: the same checks and writes as the upload page."""

import pytest
from django.core.management import CommandError, call_command

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.contributions.models import SpreadsheetImport
from tests.catalogue.factories import KeywordFactory
from tests.contributions.factories import UserFactory
from tests.contributions.spreadsheets import csv_bytes, good_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword():
    KeywordFactory(label="Mobilité", slug="mobilite")


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "initiatives.csv"
    path.write_bytes(csv_bytes([good_row(1), good_row(2), good_row(3)]))
    return path


def test_rows_arrive_as_proposals(sheet, curator, capsys):
    call_command("import", str(sheet), user=curator.email)
    assert "3 fiches importées, proposées à l’examen" in capsys.readouterr().out
    assert Initiative.objects.filter(status=PublicationStatus.SUBMITTED).count() == 3
    upload = SpreadsheetImport.objects.get()
    assert (upload.file_name, upload.imported_by) == ("initiatives.csv", curator)


def test_publish_is_an_option(sheet, curator):
    call_command("import", str(sheet), user=curator.email, publish=True)
    assert Initiative.objects.filter(status=PublicationStatus.PUBLISHED).count() == 3


def test_errors_are_printed_and_nothing_written(tmp_path, curator, capsys):
    path = tmp_path / "initiatives.csv"
    path.write_bytes(csv_bytes([good_row(1), good_row(2) | {"Région": "Bretgne"}]))
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("import", str(path), user=curator.email)
    assert "Erreur\u00a0: Ligne 3, colonne «\u00a0Région\u00a0»" in capsys.readouterr().err
    assert (Initiative.objects.count(), SpreadsheetImport.objects.count()) == (0, 0)


def test_dry_run_writes_nothing(sheet, capsys):
    call_command("import", str(sheet), dry_run=True)
    assert "3 initiatives prêtes à importer" in capsys.readouterr().err
    assert Initiative.objects.count() == 0


def test_the_account_must_be_an_importing_curator(sheet):
    with pytest.raises(CommandError, match="Précisez --user"):
        call_command("import", str(sheet))
    UserFactory(username="porteur@example.org")
    with pytest.raises(CommandError, match="n’est pas un compte de curateur"):
        call_command("import", str(sheet), user="porteur@example.org")
    assert Initiative.objects.count() == 0


def test_a_hostile_file_is_refused(tmp_path, curator):
    path = tmp_path / "initiatives.xlsm"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("import", str(path), user=curator.email)
    assert SpreadsheetImport.objects.count() == 0

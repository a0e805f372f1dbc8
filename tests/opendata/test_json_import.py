"""`cahier import export.json`: the open-data export loaded back, into an empty catalogue or
an existing one (fiches matched on their permanent `id`), and files that are not the contract."""

import json

import pytest
from django.core.management import CommandError, call_command

from cahier.catalogue.models import (
    Event,
    Funding,
    GlossaryTerm,
    Initiative,
    Keyword,
    Organisation,
    PublicType,
)
from cahier.editions.models import Edition, EditionEntry

pytestmark = pytest.mark.django_db


def _export(path) -> bytes:
    call_command("export", format="json", output=path)
    return path.read_bytes()


def _empty_the_catalogue():
    """As a new instance: nothing but the reference regions."""
    EditionEntry.objects.all().delete()
    Edition.objects.all().delete()
    Initiative.objects.all().delete()
    for model in (Keyword, PublicType, Funding, GlossaryTerm, Event, Organisation):
        model.objects.all().delete()


@pytest.mark.postgres
def test_export_import_into_an_empty_database_export_is_identical(sample_edition, tmp_path):
    exported = _export(tmp_path / "export.json")
    _empty_the_catalogue()
    assert Initiative.objects.count() == 0
    call_command("import", str(tmp_path / "export.json"))
    assert Initiative.objects.count() == 6
    assert _export(tmp_path / "again.json") == exported


def test_a_corrected_file_updates_the_matching_fiche_only(sample_edition, tmp_path, capsys):
    path = tmp_path / "export.json"
    document = json.loads(_export(path))
    call_command("import", str(path))  # loaded once, as another instance would have
    fiche = document["initiatives"][2]
    fiche["territory"] = "Territoire corrigé par le réutilisateur"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = {i.uid: (i.version, i.territory) for i in Initiative.objects.all()}
    call_command("import", str(path))
    assert "6 fiches\u00a0: aucune créée, 1 mise à jour, 5 inchangées." in capsys.readouterr().out
    after = {i.uid: (i.version, i.territory) for i in Initiative.objects.all()}
    changed = {uid for uid in after if after[uid] != before[uid]}
    assert [str(uid) for uid in changed] == [fiche["id"]]
    assert Initiative.objects.get(uid=fiche["id"]).territory == fiche["territory"]


def test_a_json_syntax_error_gives_its_line_and_column(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{\n  "initiatives": [\n    {"title": "A",}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(
        CommandError,
        match="JSON mal formé, ligne 3, colonne 19\u00a0: nom de champ entre guillemets",
    ):
        call_command("import", str(path))


def test_a_wrong_field_gives_its_path(sample_edition, tmp_path):
    path = tmp_path / "export.json"
    document = json.loads(_export(path))
    document["initiatives"][3]["keywords"] = ["Alternance", 12]
    document["initiatives"][4]["provenance"] = "JITE"
    document["initiatives"][5]["transfer"]["funders"] = ["Région Bretagne"]
    path.write_text(json.dumps(document), encoding="utf-8")
    titles = set(Initiative.objects.values_list("title", flat=True))
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path))
    message = str(refused.value)
    assert "initiatives[3].keywords[1]\u00a0: un texte est attendu" in message
    assert "initiatives[4].provenance\u00a0: un objet { … } est attendu" in message
    assert "initiatives[5].transfer.funders[0]\u00a0: un objet { … } est attendu" in message
    assert message.endswith("Rien n’a été modifié.")
    assert set(Initiative.objects.values_list("title", flat=True)) == titles


def test_a_document_that_is_not_an_object_is_refused(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError, match="un objet"):
        call_command("import", str(path))

"""Importing a spreadsheet of initiatives: the template, the preview (errors by sheet, row and
column, nothing written), the confirmation (one transaction, proposals with their provenance)."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import term_delete
from cahier.contributions import services
from cahier.contributions.enums import AuditAction
from cahier.contributions.models import AuditLogEntry, SpreadsheetImport
from cahier.contributions.spreadsheet.columns import COLUMNS
from cahier.core import roles
from tests.catalogue.factories import EventFactory, InitiativeFactory, KeywordFactory
from tests.contributions.factories import UserFactory
from tests.contributions.spreadsheets import csv_bytes, fill_template, good_row

pytestmark = pytest.mark.django_db

SPREADSHEET = "/curation/tableur/"
P = "\u00a0"  # the no-break space of French typography


@pytest.fixture
def mobilite():
    return KeywordFactory(label="Mobilité", slug="mobilite")


@pytest.fixture
def template(client, curator, mobilite):
    client.force_login(curator)
    response = client.get(reverse("curation:spreadsheet_template_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="modele-initiatives.xlsx"'
    return response.content


def _upload(client, content: bytes, name="initiatives-bretagne.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(SPREADSHEET, {"file": file})


# Five rows of twenty go wrong, each in one cell: (row index, header, bad value, message).
MISTAKES = [
    (
        2,
        "Région",
        "Bretgne",
        f"«{P}Bretgne{P}» n’est pas une région connue. Vouliez-vous dire «{P}Bretagne{P}»\u202f?",
    ),
    (5, "Adresses des référents", "referent@", "n’est pas une adresse électronique valide"),
    (9, "Liens", "javascript:alert(1)", "n’est pas une adresse web"),
    (13, "Titre", "", "champ obligatoire"),
    (17, "Mots-clés", "Mobilte", f"Vouliez-vous dire «{P}Mobilité{P}»\u202f?"),
]


def _twenty_rows(*, with_mistakes: bool) -> list[dict]:
    rows = [good_row(number) for number in range(1, 21)]
    if with_mistakes:
        for index, header, value, _ in MISTAKES:
            rows[index][header] = value
    return rows


@pytest.mark.postgres
def test_template_round_trip(client, curator, template):
    """Download the template, fill 20 rows with 5 mistakes: the preview lists the 5 by sheet,
    row and column and nothing is written; fixed, confirmed: 20 proposals in the queue."""
    response = _upload(client, fill_template(template, _twenty_rows(with_mistakes=True)))
    assert response.status_code == 302
    preview_url = response.url
    page = client.get(preview_url)
    errors = [str(problem) for problem in page.context["preview"].errors]
    assert len(errors) == 5
    for (index, header, _, message), error in zip(MISTAKES, errors, strict=True):
        # Row 1 holds the headers: the n-th filled row is line n + 2 of the sheet.
        assert error.startswith(
            f"Feuille «{P}Initiatives{P}», ligne {index + 2}, colonne «{P}{header}{P}»{P}: "
        )
        assert message in error
    html = page.content.decode()
    assert f"5 erreurs{P}: rien ne sera importé" in html
    assert "Importer 20" not in html  # no confirmation button
    # The preview is in the database: a reload (or another server process) shows it again.
    assert [str(p) for p in client.get(preview_url).context["preview"].errors] == errors
    assert Initiative.objects.count() == 0

    response = _upload(client, fill_template(template, _twenty_rows(with_mistakes=False)))
    page = client.get(response.url)
    assert page.context["preview"].ok
    assert "Importer 20 initiatives" in page.content.decode()
    confirm = reverse("curation:spreadsheet_confirm", kwargs={"pk": page.context["upload"].pk})
    response = client.post(confirm)
    assert response.status_code == 302
    assert "20 fiches importées, ajoutées à la file d’examen." in [
        str(m) for m in client.get(response.url).context["messages"]
    ]
    created = Initiative.objects.filter(status=PublicationStatus.SUBMITTED)
    assert created.count() == 20
    fiche = created.get(title="Atelier numérique solidaire n° 3 de Quimperlé")
    assert fiche.keywords.get().label == "Mobilité"
    assert fiche.partners == ["Mission locale", "Département du Finistère"]
    queue = client.get(reverse("curation:queue")).content.decode()
    assert "Atelier numérique solidaire n° 3 de Quimperlé" in queue


def test_provenance_is_kept(client, curator, template):
    response = _upload(client, fill_template(template, [good_row(1), good_row(2)]))
    upload = SpreadsheetImport.objects.get()
    client.post(reverse("curation:spreadsheet_confirm", kwargs={"pk": upload.pk}))
    upload.refresh_from_db()
    assert (upload.file_name, upload.uploaded_by, upload.imported_by) == (
        "initiatives-bretagne.xlsx",
        curator,
        curator,
    )
    assert upload.initiatives.count() == 2
    entry = AuditLogEntry.objects.get(action=AuditAction.SPREADSHEET_IMPORTED)
    assert entry.actor == curator and entry.data["file"] == "initiatives-bretagne.xlsx"
    fiche = upload.initiatives.first()
    assert AuditLogEntry.objects.filter(
        initiative=fiche, action=AuditAction.INITIATIVE_IMPORTED_SPREADSHEET
    ).exists()
    assert fiche.revisions.first().comment.startswith(f"Import du tableur «{P}initiatives-bretagne")
    page = client.get(response.url).content.decode()
    assert "2 fiches, dans la file d’examen" in page
    # Confirming twice does not import twice.
    client.post(reverse("curation:spreadsheet_confirm", kwargs={"pk": upload.pk}))
    assert Initiative.objects.count() == 2


def test_publish_directly_is_explicit(client, curator, template):
    _upload(client, fill_template(template, [good_row(1)]))
    upload = SpreadsheetImport.objects.get()
    client.post(
        reverse("curation:spreadsheet_confirm", kwargs={"pk": upload.pk}), {"publish": "on"}
    )
    assert Initiative.objects.get().status == PublicationStatus.PUBLISHED


def test_publishing_needs_the_right_to_publish(mobilite):
    importer = UserFactory(username="import@example.org")
    importer.user_permissions.add(Permission.objects.get(codename=roles.Action.IMPORT_SPREADSHEET))
    content = csv_bytes([good_row(1)])
    upload = services.spreadsheet_import_prepare(name="a.csv", content=content, actor=importer)
    with pytest.raises(PermissionDenied):
        services.spreadsheet_import_confirm(upload=upload, actor=importer, publish=True)
    assert Initiative.objects.count() == 0
    services.spreadsheet_import_confirm(upload=upload, actor=importer)
    assert Initiative.objects.get().status == PublicationStatus.SUBMITTED


@pytest.mark.postgres
def test_the_confirmation_checks_the_file_again(curator, mobilite):
    """The catalogue changed between the preview and the confirmation: a keyword went."""
    upload = services.spreadsheet_import_prepare(
        name="a.csv", content=csv_bytes([good_row(1), good_row(2)]), actor=curator
    )
    term_delete(term=mobilite)
    with pytest.raises(ValidationError) as refused:
        services.spreadsheet_import_confirm(upload=upload, actor=curator)
    assert refused.value.messages[0] == (
        f"Ligne 2, colonne «{P}Mots-clés{P}»{P}: «{P}Mobilité{P}» n’est pas un mot-clé du catalogue."
    )
    assert Initiative.objects.count() == 0


def test_duplicates_are_shown_before_confirming(client, curator, template):
    InitiativeFactory(title="Atelier numérique solidaire n° 1 de Quimperlé")
    rows = [good_row(1), good_row(2), good_row(2)]
    page = client.get(_upload(client, fill_template(template, rows)).url)
    warnings = [str(problem) for problem in page.context["preview"].warnings]
    assert any(
        "ligne 2" in w and "ressemble à la fiche «\u00a0Atelier numérique solidaire n° 1" in w
        for w in warnings
    )
    assert any("ligne 4" in w and "même titre que la ligne 3" in w for w in warnings)
    assert page.context["preview"].ok  # a warning does not block: the curator decides


def test_provenance_rules_are_the_services(curator, mobilite):
    EventFactory(kind="JITE", year=2018)
    row = good_row(1) | {"Événement": "JITE 2018", "Statut de provenance": "retenu"}
    from cahier.contributions.spreadsheet.preview import spreadsheet_preview

    preview = spreadsheet_preview(name="a.csv", content=csv_bytes([row]))
    assert [str(p) for p in preview.errors] == [
        "Ligne 2, colonne «\u00a0Statut de provenance\u00a0»\u00a0: À une JITE, une initiative "
        "est « présenté » ou « recueilli non présenté »."
    ]


def test_project_life_columns(curator, mobilite):
    from cahier.contributions.spreadsheet.preview import spreadsheet_preview

    rows = [
        good_row(1)
        | {"Statut du projet": "terminé", "Année de début": "2019", "Année de fin": "2022"},
        good_row(2) | {"Statut du projet": "fini", "Année de début": "vingt"},
        good_row(3) | {"Année de début": "2020", "Année de fin": "2018"},
    ]
    preview = spreadsheet_preview(name="a.csv", content=csv_bytes(rows))
    assert [str(p) for p in preview.errors] == [
        f"Ligne 3, colonne «{P}Statut du projet{P}»{P}: «{P}fini{P}» n’est pas un statut de projet.",
        f"Ligne 3, colonne «{P}Année de début{P}»{P}: «{P}vingt{P}» n’est pas une année "
        f"(quatre chiffres, ex.{P}2024).",
        f"Ligne 4, colonne «{P}Année de fin{P}»{P}: L’année de fin précède l’année de début.",
    ]
    upload = services.spreadsheet_import_prepare(
        name="a.csv", content=csv_bytes(rows[:1]), actor=curator
    )
    (fiche,) = services.spreadsheet_import_confirm(upload=upload, actor=curator)
    assert (fiche.project_status, fiche.started_year, fiche.ended_year) == ("terminé", 2019, 2022)


def test_the_check_interval_column(curator, mobilite):
    from cahier.contributions.spreadsheet.preview import spreadsheet_preview

    rows = [
        good_row(1) | {"Vérification (mois)": "6 mois"},
        good_row(2) | {"Vérification (mois)": "24"},
        good_row(3),
        good_row(4) | {"Vérification (mois)": "18"},
    ]
    preview = spreadsheet_preview(name="a.csv", content=csv_bytes(rows))
    assert [str(p) for p in preview.errors] == [
        f"Ligne 5, colonne «{P}Vérification (mois){P}»{P}: «{P}18{P}» n’est pas un rythme de "
        f"vérification (6, 12 ou 24{P}mois)."
    ]
    upload = services.spreadsheet_import_prepare(
        name="a.csv", content=csv_bytes(rows[:3]), actor=curator
    )
    fiches = services.spreadsheet_import_confirm(upload=upload, actor=curator)
    assert [fiche.check_interval_months for fiche in fiches] == [6, 24, 12]


def test_the_template_offers_the_catalogue_s_lists(template):
    workbook = load_workbook(io.BytesIO(template))
    assert workbook.sheetnames == ["Instructions", "Initiatives", "Listes"]
    sheet = workbook["Initiatives"]
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    validated = {str(v.sqref)[0] for v in sheet.data_validations.dataValidation}
    # Région, mots-clés, publics, financements, événement, statuts de provenance et du projet,
    # rythme de vérification.
    assert validated == {"B", "L", "M", "N", "O", "P", "R", "U"}
    labels = [row[0] for row in workbook["Listes"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert "Bretagne" in labels and "National" in labels
    keywords = [c.value for c in workbook["Listes"]["B"][1:] if c.value]
    assert keywords == ["Mobilité"]
    instructions = [row[0] for row in workbook["Instructions"].iter_rows(values_only=True)]
    assert "Région" in instructions


def test_the_csv_template_has_the_same_headers(client, curator):
    client.force_login(curator)
    content = client.get(reverse("curation:spreadsheet_template_csv")).content
    assert content.decode("utf-8-sig").strip().split(";") == [c.header for c in COLUMNS]


def test_required_columns_are_what_a_submission_requires():
    """A row is a proposal submitted to the queue: it needs what a submission needs."""
    from cahier.catalogue.models import Initiative as Model
    from cahier.contributions.services import submission_missing_fields

    missing = submission_missing_fields(Model(title="", referent_emails=[]))
    required = {c.field for c in COLUMNS if c.required} - {"region"}
    assert {name.replace("porteur_label", "porteur") for name in missing} == required


def test_docs_list_every_column():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "integration.md").read_text()
    for column in COLUMNS:
        assert f"| {column.header} |" in docs


def test_labels_match_whichever_apostrophe_the_file_or_the_catalogue_uses(curator, mobilite):
    """A file filled in with the keyboard's straight ' still imports now that labels are
    written with ’ (issue 15), and the other way round: labels and column headers are matched
    through one key (cahier.core.text.name_key) that reads both apostrophes alike."""
    KeywordFactory(label="Insertion par l’activité économique", slug="iae")
    rows = [
        good_row(1) | {"Mots-clés": "Insertion par l'activité économique"},
        good_row(2) | {"Région": "Provence-Alpes-Côte d’Azur"},  # stored « d'Azur »
    ]
    upload = services.spreadsheet_import_prepare(
        name="a.csv", content=csv_bytes(rows), actor=curator
    )
    first, second = services.spreadsheet_import_confirm(upload=upload, actor=curator)
    assert [keyword.slug for keyword in first.keywords.all()] == ["iae"]
    assert second.region.slug == "provence-alpes-cote-d-azur"

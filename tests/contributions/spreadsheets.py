"""Helpers of the spreadsheet import tests: rows that pass every check, a filled template."""

import io

from openpyxl import load_workbook

from cahier.contributions.spreadsheet.columns import COLUMNS


def good_row(number: int) -> dict[str, str]:
    """A row that passes every check (by column header), different for each *number*."""
    return {
        "Titre": f"Atelier numérique solidaire n° {number} de Quimperlé",
        "Région": "Bretagne",
        "Territoire": "Pays de Quimperlé",
        "Descriptif du projet": "Des ateliers pour apprendre les démarches en ligne.\n\nLe mardi.",
        "Organisme porteur": f"Association Clic {number}",
        "Public cible": "Demandeurs d'emploi éloignés du numérique",
        "Adresses des référents": f"referent{number}@example.org",
        "Valeur ajoutée": "Accompagnement individuel\nPrêt de matériel",
        "Partenaires": "Mission locale\nDépartement du Finistère",
        "Liens": "https://example.org/clic",
        "Résultats": "40 personnes accompagnées.",
        "Mots-clés": "Mobilité",
        "Publics visés": "",
        "Financements spécifiques": "",
        "Événement": "",
        "Statut de provenance": "",
        "Catégorie": "",
        "Statut du projet": "En cours",
        "Année de début": "2021",
        "Année de fin": "",
        "Vérification (mois)": "",
    }


def fill_template(template: bytes, rows: list[dict]) -> bytes:
    """*template* (the downloaded XLSX) with *rows* (by header) on its « Initiatives » sheet."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Initiatives"]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], *, separator=";", encoding="utf-8-sig") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    for row in rows:
        writer.writerow([row.get(column.header, "") for column in COLUMNS])
    return buffer.getvalue().encode(encoding)

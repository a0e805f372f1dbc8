"""The real 2019 cahier, imported from data/ and printed again: the list of fiches, the
« Repères pour la recherche » and the glossary must say what the original says."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from pypdf import PdfReader

from cahier.core.prose import french_spacing
from cahier.editions.pdf import edition_pdf
from cahier.editions.selectors import edition_resolve

SOURCE = settings.CAHIER_DEFAULT_DOCUMENT
INDEX_LINE = re.compile(r"^-?\s*(?P<label>.+?) [–-] (?:fiches? )?(?P<numbers>\d+(?: / \d+)*)\s*$")


def _original_sections() -> dict[str, str]:
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index("# Liste des fiches")
    reperes = text.index("## Repères pour la recherche")
    glossary = text.index("## Glossaire")
    first_fiche = text.index("\n# ", glossary)
    return {
        "list": text[start:reperes],
        "index": text[reperes:glossary],
        "glossary": text[glossary:first_fiche],
    }


def _index_entries(text: str) -> dict[str, list[int]]:
    entries = {}
    for line in text.splitlines():
        match = INDEX_LINE.match(line.strip())
        if match:
            numbers = [int(n) for n in match["numbers"].split(" / ")]
            entries[match["label"].strip()] = numbers
    return entries


@pytest.fixture
def cahier_2019(db):
    call_command("import", str(SOURCE), stdout=io.StringIO(), stderr=io.StringIO())
    edition = edition_resolve(2019)
    return edition, _pages_text(PdfReader(io.BytesIO(edition_pdf(edition))))


def _pages_text(reader: PdfReader) -> list[str]:
    return [
        page.extract_text().replace("\u00a0", " ").replace("\u202f", " ") for page in reader.pages
    ]


def _check_one_page_per_fiche_after_the_front_matter(cahier_2019):
    edition, pages = cahier_2019
    fiche_pages = [p for p in pages if "Descriptif du projet" in p]
    assert len(fiche_pages) == edition.entries.count() == 46


def _check_list_of_fiches_gives_every_number_in_order(cahier_2019):
    _, pages = cahier_2019
    text = "\n".join(pages)
    listing = text[
        text.index("Liste des fiches", 400) : text.index("Repères pour la recherche", 800)
    ]
    numbers = [int(m) for m in re.findall(r"^(\d+) – ", listing, flags=re.M)]
    assert numbers == list(range(1, 47))
    original = [int(n) for n in re.findall(r"^-? ?(\d+) [–-] ", _original_sections()["list"], re.M)]
    assert original == numbers


def _check_indexes_give_the_original_fiche_numbers(cahier_2019):
    _, pages = cahier_2019
    text = "\n".join(pages)
    start = text.index("Par mot-clé", text.index("Repères pour la recherche", 800))
    printed = _index_entries(text[start : text.index("Glossaire", start)])
    # Printed with the site's typography: « Égalité femmes-hommes », « Garde d’enfants ».
    original = {
        french_spacing(label): numbers
        for label, numbers in _index_entries(_original_sections()["index"]).items()
    }
    assert len(original) == 26 + 10 + 2
    assert printed == original


def _check_glossary_complete_and_alphabetical(cahier_2019):
    _, pages = cahier_2019
    text = "\n".join(pages)
    start = text.index("Sigles en italique dans le texte")
    glossary = text[start : text.index("Descriptif du projet", start)]
    acronyms = re.findall(r"^([A-Z][A-Za-z()]+)\t", _original_sections()["glossary"], re.M)
    assert len(acronyms) == 102
    cursor = 0
    for acronym in sorted(acronyms):
        found = glossary.find(acronym, cursor)
        assert found >= cursor, acronym
        cursor = found


def _check_fiche_titles_and_provenance_notes(cahier_2019):
    edition, pages = cahier_2019
    pages = [p for p in pages if "Descriptif du projet" in p]
    for page, entry in zip(pages, edition.entries.select_related("initiative"), strict=True):
        initiative = entry.initiative
        assert french_spacing(initiative.title).split()[0] in page
    joined = "\n".join(pages).replace("\n", " ")
    assert joined.count("Projet présenté à la JITE 2018") == 11
    assert joined.count("Projet recueilli à la JITE 2018 non présenté") == 13
    assert "Projet ayant répondu à l’appel « Trophées FSE » de 2019" in joined


def test_the_2019_cahier_printed_again(cahier_2019):
    """One import and one PDF build (about 5 s) for all the checks."""
    _check_one_page_per_fiche_after_the_front_matter(cahier_2019)
    _check_list_of_fiches_gives_every_number_in_order(cahier_2019)
    _check_indexes_give_the_original_fiche_numbers(cahier_2019)
    _check_glossary_complete_and_alphabetical(cahier_2019)
    _check_fiche_titles_and_provenance_notes(cahier_2019)

"""The printed edition: text extracted from the PDF, outline, fonts, cache, downloads."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cahier.catalogue.models import GlossaryTerm, Initiative
from cahier.editions.pdf import edition_pdf, edition_pdf_cached, initiative_pdf
from tests.catalogue import factories as f
from tests.editions.factories import TITLES, EditionFactory

_BUILT: dict[str, bytes] = {}


@pytest.fixture
def pdf_bytes(sample_edition) -> bytes:
    """The sample edition's PDF. Its data are the same in every test (only the database rows
    are re-created), so it is built once for the module."""
    if "sample" not in _BUILT:
        _BUILT["sample"] = edition_pdf(sample_edition)
    return _BUILT["sample"]


@pytest.fixture
def pdf(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


def _text(reader: PdfReader) -> str:
    # pypdf keeps the non-breaking spaces; compare on plain spaces.
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return raw.replace("\u00a0", " ").replace("\u202f", " ")


def _outline(reader: PdfReader, items=None, depth=0):
    items = reader.outline if items is None else items
    for item in items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title


def test_sections_titles_indexes_and_glossary_in_order(pdf):
    text = _text(pdf)
    sections = [
        "Sommaire",
        "Édito",
        "Liste des fiches",
        "Repères pour la recherche",
        "Par mot-clé",
        "Alternance – fiches 1 / 2 / 3 / 4 / 5 / 6",
        "Mobilité – fiches 2 / 4 / 6",
        "Par type de public visé",
        "Jeunes – fiches 1 / 2 / 3",
        "Seniors – fiches 4 / 5 / 6",
        "Financements spécifiques",
        "FSE / IEJ – fiches 2 / 3",
        "Glossaire",
        "ACI",
        "Ateliers et chantiers d’insertion",
        "PLIE",
    ]
    # Past the contents page, each section is found after the previous one.
    cursor = text.find("Liste des fiches", text.find("Sommaire") + 200) - 1
    # The PDF sets the typographic apostrophe (core.prose.typography).
    for expected in [*sections[3:], *(title.replace("'", "’") for _, title in TITLES)]:
        found = text.find(expected, cursor + 1)
        assert found > cursor, f"{expected!r} absent or out of order"
        cursor = found
    assert len(pdf.pages) == 6 + 6  # cover, contents, edito, list, indexes, glossary + 6 fiches


def test_fiche_page_layout_fields_and_provenance(pdf):
    last = _text(pdf).split("Working first 13")[-1]
    for label in (
        "Descriptif du projet",
        "Valeur ajoutée de la démarche",
        "Organisme porteur du projet :",
        "Public cible :",
        "Partenariats mobilisés :",
        "Lien :",
        "Référent DIRECCTE :",
        "Résultats",
    ):
        assert label in last
    assert "Projet ayant répondu à l’appel « Trophées FSE » de 2019, retenu catégorie Mobilité" in (
        last.replace("\n", " ")
    )
    first_fiche = pdf.pages[6].extract_text().replace("\u00a0", " ")
    assert "Projet présenté à la JITE 2018" in first_fiche
    assert "Auvergne-Rhône-Alpes" in first_fiche and "Pays de Rennes" in first_fiche


def test_a_dieccte_mailbox_is_labelled_dieccte_and_marked_as_history(db):
    # The label follows the address (catalogue.essaimage.contact_lines), not the region.
    fiche = f.InitiativeFactory(
        region=f.region("la-reunion"), referent_emails=["974.direction@dieccte.gouv.fr"]
    )
    text = PdfReader(io.BytesIO(initiative_pdf(fiche))).pages[0].extract_text()
    text = " ".join(text.replace("\u00a0", " ").split())
    assert (
        "Référent DIECCTE : 974.direction@dieccte.gouv.fr "
        "(adresse de 2019, service devenu DEETS)" in text
    )


def test_french_typography_in_the_pdf(pdf):
    edito = pdf.pages[2].extract_text()
    assert "reprise\u00a0:" in edito
    assert "«\u00a0nul n’est inemployable\u00a0»" in edito


def test_contents_and_list_give_page_numbers(pdf):
    contents = pdf.pages[1].extract_text()
    # The glossary is page 6, the first fiche page 7 (cover = page 1).
    assert "Glossaire" in contents and contents.replace(" ", "").count(".6") >= 1
    listing = pdf.pages[3].extract_text()
    assert "1 – Un toit, un emploi" in listing.replace("\u00a0", " ")
    assert "7" in listing and "12" in listing


def test_outline_has_sections_regions_and_fiches(pdf):
    outline = list(_outline(pdf))
    assert (0, "Glossaire") in outline
    assert (1, "Par mot-clé") in outline
    assert (1, "Bretagne") in outline
    assert (2, "3 – Mobilité") in outline
    assert [title for depth, title in outline if depth == 2] == [
        f"{n} – {title}" for n, (_, title) in enumerate(TITLES, start=1)
    ]


def test_fonts_are_embedded(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert any(name.startswith("Marianne") for name in fonts)


def test_single_fiche_pdf(sample_edition):
    initiative = Initiative.objects.get(slug="fiche-3")
    reader = PdfReader(io.BytesIO(initiative_pdf(initiative, number=3)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Mobilité" in text and "Descriptif du projet" in text


def test_cache_follows_an_edition_in_preparation(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    edition = EditionFactory(slug="prochaine")
    initiative = f.InitiativeFactory(title="Un toit, un emploi", edition=(edition, 1))
    first = edition_pdf_cached(edition)
    assert edition_pdf_cached(edition) == first
    GlossaryTerm.objects.create(acronym="ZZZ", definition="Un sigle ajouté")
    second = edition_pdf_cached(edition)
    assert second != first and not first.exists()
    assert "Un sigle ajouté" in _text(PdfReader(second))
    initiative.title = "Un toit, un emploi, encore"
    initiative.save()
    third = edition_pdf_cached(edition)
    assert third != second and "Un toit, un emploi, encore" in _text(PdfReader(third))


def test_a_published_edition_prints_its_snapshot_for_ever(sample_edition, settings, tmp_path):
    """Fails on the old code: the PDF of a published edition printed the fiches as they are
    now (and a new glossary term), so a downloaded edition changed under its readers."""
    settings.MEDIA_ROOT = tmp_path
    first = edition_pdf_cached(sample_edition)
    GlossaryTerm.objects.create(acronym="ZZZ", definition="Un sigle ajouté")
    initiative = Initiative.objects.get(slug="fiche-1")
    initiative.title = "Un toit, un emploi, encore"
    initiative.description = "Un texte réécrit après la publication."
    initiative.save()
    Initiative.objects.filter(slug="fiche-2").update(status="draft")
    assert edition_pdf_cached(sample_edition) == first
    text = _text(PdfReader(first))
    assert "Un toit, un emploi, encore" not in text and "Un sigle ajouté" not in text
    assert "réécrit" not in text
    assert "Un toit, un emploi" in text and "Anticiper les métiers de demain" in text


def test_build_command_by_year(sample_edition, tmp_path):
    output = tmp_path / "cahier-2019.pdf"
    out = io.StringIO()
    call_command("edition", "build", "2019", "-o", str(output), stdout=out)
    assert "6 fiches" in out.getvalue()
    assert len(PdfReader(output).pages) == 12


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) absent")
def test_pages_render_to_png(pdf_bytes, tmp_path):
    source = tmp_path / "cahier.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "7", str(source), str(tmp_path / "p")],
        check=True,
    )
    pngs = sorted(Path(tmp_path).glob("p-*.png"))
    assert len(pngs) == 7
    assert all(png.stat().st_size > 1000 for png in pngs)


def test_build_command_prepares_the_site_cache(sample_edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("edition", "build", "cahier-2019", "--cache", stdout=io.StringIO())
    assert edition_pdf_cached(sample_edition).parent == tmp_path / "editions"
    assert len(list((tmp_path / "editions").glob("cahier-2019-*.pdf"))) == 1


def test_build_command_names_an_unknown_edition(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Aucune édition « 1999 »"):
        call_command("edition", "build", "1999", stdout=io.StringIO())


def test_pdf_is_tagged_french_and_titled(pdf):
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr"
    assert pdf.metadata.title.startswith("Le cahier des initiatives")


def test_glossary_acronyms_in_italics_on_the_fiches(sample_edition):
    from django.template.loader import render_to_string

    from cahier.catalogue.selectors import glossary_matcher

    initiative = Initiative.objects.with_relations().get(slug="fiche-1")
    initiative.partners = ["le PLIE du Pays de Rennes", "ACI-EI", "PLIEUR"]
    initiative.links = ["https://example.org/PLIE"]
    html = render_to_string(
        "editions/pdf/_fiche.html",
        {"initiative": initiative, "acronym_pattern": glossary_matcher()},
    )
    assert 'le <em class="sigle">PLIE</em> du Pays de Rennes' in html
    assert '<em class="sigle">ACI</em>-EI' in html
    assert "PLIEUR" in html and '<em class="sigle">PLIE</em>UR' not in html
    assert 'href="https://example.org/PLIE"' in html
    assert "https://example.org/PLIE</a>" in html


def test_a_long_fiche_flows_onto_the_next_page_without_losing_text(sample_edition):
    initiative = Initiative.objects.with_relations().get(slug="fiche-2")
    paragraphs = [
        f"Paragraphe {n} : " + "un accompagnement renforcé vers l'emploi. " * 12 for n in range(14)
    ]
    initiative.description = "\n\n".join(paragraphs)
    reader = PdfReader(io.BytesIO(initiative_pdf(initiative, number=2)))
    assert len(reader.pages) >= 2
    text = _text(reader)
    assert "Paragraphe 0" in text and "Paragraphe 13" in text
    assert "Résultats" in text and "Projet présenté à la JITE 2018" in text

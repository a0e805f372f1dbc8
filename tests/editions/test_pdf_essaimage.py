"""The printed fiche's essaimage parts: « Résultats en chiffres », the « Pour essaimer » box and
the lineage, on a live fiche and on a frozen edition's snapshot (docs/essaimage.md)."""

import io

import pytest
from pypdf import PdfReader

from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.models import Initiative
from cahier.editions.pdf import edition_pdf, initiative_pdf
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf keeps the no-break spaces and may cut a line anywhere: compare on single spaces.
    return " ".join(raw.replace("\u00a0", " ").replace("\u202f", " ").split())


def _live(slug: str) -> Initiative:
    return Initiative.objects.with_relations().get(slug=slug)


def test_single_fiche_prints_its_kit_figures_and_replications():
    origin = f.InitiativeFactory(slug="origine", title="Un toit, un emploi", with_kit=True)
    f.InitiativeFactory(
        slug="copie-1", title="Un toit à Brest", replication_of=origin, region=f.region("bretagne")
    )
    f.InitiativeFactory(
        slug="copie-2",
        title="Un toit à Albi",
        replication_of=origin,
        region=f.region("occitanie"),
    )
    text = _text(initiative_pdf(_live("origine"), number=1))
    assert "En cours · Depuis 2016" in text
    assert "Résultats en chiffres" in text
    assert "59 % Personnes en emploi à 6 mois (120 participants, 2017–2018, déclaratif)" in text
    assert "Pour essaimer" in text
    assert "Ouvert à l’essaimage : oui, avec accompagnement (visite sur place, documents)" in text
    assert "Budget annuel : de 50 000 à 150 000 € par an" in text
    assert "Moyens humains : 2,5 ETP" in text and "Durée de mise en place : 6 mois" in text
    assert "Conseil départemental (Département), FSE (FSE / FSE+)" in text
    assert "Conditions de réussite : Un portage politique fort" in text
    # Contacts under their roles (catalogue.essaimage.contact_lines, as on the fiche's page).
    assert "Porteur du projet : Association Horizon, Direction" in text
    assert "Référent de l’État : DREETS Bretagne, Pôle 3E, pole3e@dreets.example" in text
    assert (
        "Essaimé dans 2 territoires : Un toit à Albi (Occitanie), Un toit à Brest (Bretagne)."
        in text
    )
    # Addresses that are not public never reach the paper.
    assert "direction@horizon.example" not in text


def test_a_replication_prints_its_origin_and_what_was_adapted():
    origin = f.InitiativeFactory(slug="origine", title="Un toit, un emploi")
    f.InitiativeFactory(
        slug="copie", title="Un toit à Brest", replication_of=origin, adaptations="Public jeune."
    )
    f.InitiativeFactory(
        slug="dehors",
        title="Garage",
        origin_name="Garage solidaire du Nord",
        origin_url="https://garage.example.org/",
    )
    text = _text(initiative_pdf(_live("copie")))
    assert "Essaimage de : Un toit, un emploi. Ce qui a été adapté : Public jeune." in text
    text = _text(initiative_pdf(_live("dehors")))
    assert (
        "Essaimage de : Garage solidaire du Nord (projet hors du catalogue, https://garage.example.org/)"
        in text
    )


def test_an_unknown_status_and_an_empty_kit_print_nothing_new():
    f.InitiativeFactory(slug="nue", title="Fiche de 2019")
    text = _text(initiative_pdf(_live("nue")))
    for absent in ("Pour essaimer", "Résultats en chiffres", "Essaim", "Inconnu", "Lancé en"):
        assert absent not in text


@pytest.mark.postgres
def test_a_frozen_edition_prints_the_new_fields_from_its_snapshot():
    origin = f.InitiativeFactory(slug="origine", title="Un toit, un emploi", with_kit=True)
    copy = f.InitiativeFactory(slug="copie", title="Un toit à Brest", replication_of=origin)
    edition = EditionFactory(slug="2026", year=2026, initiatives=[origin, copy], published=True)
    # Later edits do not reach the frozen edition: it prints its snapshot.
    Initiative.objects.filter(pk=origin.pk).update(
        project_status=ProjectStatus.ENDED, budget_min=1, budget_max=2
    )
    Initiative.objects.filter(pk=copy.pk).update(replication_of=None)
    text = _text(edition_pdf(edition))
    assert "En cours · Depuis 2016" in text
    assert "Budget annuel : de 50 000 à 150 000 € par an" in text
    assert "Essaimé dans 1 territoire : Un toit à Brest (Bretagne)." in text
    assert "Essaimage de : Un toit, un emploi" in text
    assert "59 % Personnes en emploi à 6 mois" in text


def test_a_snapshot_older_than_the_essaimage_fields_still_prints():
    initiative = f.InitiativeFactory(slug="ancienne", title="Fiche ancienne", with_kit=True)
    edition = EditionFactory(slug="2019", initiatives=[initiative], published=True)
    entry = edition.entries.get()
    for key in ("status", "transfer", "outcomes", "replication_of", "replications", "contacts"):
        entry.snapshot.pop(key)
    entry.save(update_fields=["snapshot"])
    text = _text(edition_pdf(edition))
    assert "Fiche ancienne" in text and "Pour essaimer" not in text


def test_the_kit_box_is_kept_on_one_page(tmp_path):
    """`break-inside: avoid`: a fiche whose text fills its first page prints the whole box on
    the next one rather than cutting it."""
    f.InitiativeFactory(
        slug="longue",
        title="Fiche longue",
        with_kit=True,
        description="\n\n".join(
            f"Paragraphe {n} : " + "un accompagnement renforcé vers l'emploi. " * 9
            for n in range(9)
        ),
    )
    data = initiative_pdf(_live("longue"))
    (tmp_path / "longue.pdf").write_bytes(data)
    pages = [
        " ".join(page.extract_text().replace("\u00a0", " ").split())
        for page in PdfReader(io.BytesIO(data)).pages
    ]
    assert len(pages) >= 2
    with_box = [n for n, page in enumerate(pages) if "Pour essaimer" in page]
    assert len(with_box) == 1
    box_page = pages[with_box[0]]
    assert "Budget annuel" in box_page and "Conditions de réussite" in box_page

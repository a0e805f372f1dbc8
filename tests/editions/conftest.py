import pytest

from cahier.catalogue.enums import EventKind, ProvenanceStatus
from tests.catalogue import factories as f
from tests.editions.factories import EditionFactory

TITLES = [
    ("auvergne-rhone-alpes", "Un toit, un emploi"),
    ("auvergne-rhone-alpes", "Anticiper les métiers de demain"),
    ("bretagne", "Mobilité"),
    ("bretagne", "Coordination garde d'enfants : Loustic Services"),
    ("la-reunion", "PréKap'r"),
    ("provence-alpes-cote-d-azur", "Working first 13"),
]


@pytest.fixture
def sample_edition(db):
    """A small published edition shaped like 2019: 6 fiches over 4 regions, indexes, glossary."""
    edition = EditionFactory(
        slug="cahier-2019",
        year=2019,
        title="Le cahier des initiatives",
        subtitle="INCLUSION",
        edito="Dans un contexte de reprise : « nul n'est inemployable ».\n\n"
        "### **Présentation du carnet**\n\n- **La logique de compétences** avec…\n- Parcours",
        edito_signature="Bruno Lucas\nDélégué général à l'emploi et à la formation professionnelle",
    )
    alternance = f.KeywordFactory(label="Alternance", slug="alternance", position=1)
    mobilite = f.KeywordFactory(label="Mobilité", slug="mobilite", position=2)
    jeunes = f.PublicTypeFactory(label="Jeunes", slug="jeunes", position=1)
    seniors = f.PublicTypeFactory(label="Seniors", slug="seniors", position=2)
    fse = f.FundingFactory(label="FSE / IEJ", slug="fse-iej", position=1)
    f.GlossaryTermFactory(acronym="ACI", definition="Ateliers et chantiers d'insertion")
    f.GlossaryTermFactory(acronym="PLIE", definition="Plan local pluriannuel pour l'insertion")
    trophees = f.EventFactory(kind=EventKind.TROPHEES_FSE, year=2019)
    for number, (region, title) in enumerate(TITLES, start=1):
        last = number == len(TITLES)
        f.InitiativeFactory(
            title=title,
            slug=f"fiche-{number}",
            region=f.region(region),
            keywords=[alternance] if number % 2 else [alternance, mobilite],
            publics=[jeunes] if number < 4 else [seniors],
            fundings=[fse] if number in (2, 3) else [],
            edition=(edition, number),
            **(
                {
                    "event": trophees,
                    "provenance_status": ProvenanceStatus.SELECTED,
                    "provenance_category": "Mobilité",
                }
                if last
                else {}
            ),
        )
    return edition

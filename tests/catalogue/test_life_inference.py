"""What an imported fiche's text says of its project's life (catalogue/importer/life.py): start
year, end year, status; conservative: « en cours » only for a recent document that says the
action goes on (docs/essaimage.md)."""

import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.importer import parse_document
from cahier.catalogue.importer.life import LifeFacts, infer_life
from cahier.catalogue.importer.loader import fiche_life
from cahier.catalogue.services import InitiativeData
from cahier.contributions import services
from cahier.editions.models import EditionEntry
from tests.contributions.factories import UserFactory

ONGOING, ENDED, PLANNED, UNKNOWN = (
    ProjectStatus.ONGOING,
    ProjectStatus.ENDED,
    ProjectStatus.PLANNED,
    ProjectStatus.UNKNOWN,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lancé en 2015, le projet accompagne des familles.", LifeFacts(UNKNOWN, 2015)),
        ("Depuis 2016, la mission locale propose un job board.", LifeFacts(UNKNOWN, 2016)),
        ("L'association, créée en 2014, accompagne des jeunes.", LifeFacts(UNKNOWN, 2014)),
        ("Dès sa création en 2013, le dispositif a été lauréat.", LifeFacts(UNKNOWN, 2013)),
        ("Les partenaires ont initié en 2017 une démarche commune.", LifeFacts(UNKNOWN, 2017)),
        ("Ce dispositif est déployé dans le cadre du PRITH depuis 2012.", LifeFacts(UNKNOWN, 2012)),
        # The earliest start wins; a later « depuis » tells a new stage.
        (
            "La MEIF a mis en place depuis 2014 une action. Depuis 2017, l'action s'étend.",
            LifeFacts(UNKNOWN, 2014),
        ),
        # Not the project: a count, another thing, an unrelated « depuis ».
        ("En 2017, 20 emplois créés en 2017 dans le quartier.", LifeFacts()),
        ("Elle prolonge celle déjà créée en 2014 mais dépassée.", LifeFacts()),
        ("Les missions locales, regroupées en un groupe depuis 2008, agissent.", LifeFacts()),
        ("Entre 2014 et fin 2017 : 48 personnes se sont installées.", LifeFacts()),
        # A start after the document's year is a plan, not a start.
        ("Le service lancé en 2021 complétera l'offre.", LifeFacts()),
        # Ended.
        (
            "Lancée en 2015, l'expérimentation terminée en 2018 a inspiré la région.",
            LifeFacts(ENDED, 2015, 2018),
        ),
        ("Le projet a pris fin en décembre 2018.", LifeFacts(ENDED, None, 2018)),
        ("Le dispositif s'est achevé.", LifeFacts(ENDED)),
        ("Le financement du projet prendra fin en 2019.", LifeFacts(ENDED, None, 2019)),
        # An end scheduled from now on says nothing yet.
        ("Le projet prendra fin en 2030.", LifeFacts()),
        # Planned: a launch announced for this year or later, no start.
        ("Le service sera lancé en 2027 à Brest.", LifeFacts(PLANNED, 2027)),
        ("Le service sera lancé en 2020 à Brest.", LifeFacts()),
        # Goes on: only for a recent document (see the next test for an old one).
        ("Lancé en 2015, TAPAJ est maintenant bien implanté.", LifeFacts(UNKNOWN, 2015)),
    ],
)
def test_inference_on_crafted_sentences_of_a_2019_document(text, expected):
    assert infer_life(text, written_in=2019, today=2026) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Depuis 2017, l'action est poursuivie et donne des résultats.",
        "Lancé en 2014, TAPAJ est maintenant bien implanté à Marseille.",
        "Le job board est désormais en ligne depuis le mois de décembre 2024.",
        "Le chantier se poursuit avec deux nouvelles promotions.",
    ],
)
def test_a_continuation_makes_en_cours_only_when_the_document_is_recent(text):
    assert infer_life(text, written_in=2025, today=2026).status == ONGOING
    # The same words written in 2019 say nothing of 2026.
    assert infer_life(text, written_in=2019, today=2026).status == UNKNOWN
    # A document of unknown date is never recent.
    assert infer_life(text, written_in=None, today=2026).status == UNKNOWN


def test_a_start_year_alone_never_makes_en_cours():
    assert infer_life("Lancé en 2025.", written_in=2025, today=2026) == LifeFacts(UNKNOWN, 2025)


def test_an_end_before_the_start_keeps_the_start_only():
    facts = infer_life(
        "Lancé en 2016. L'expérimentation terminée en 2012 l'avait précédé.",
        written_in=2019,
        today=2026,
    )
    assert facts == LifeFacts(ENDED, 2016, None)


def test_the_2019_cahier_twelve_start_years_and_no_status():
    parsed = parse_document(Path(settings.CAHIER_DEFAULT_DOCUMENT).read_text(encoding="utf-8"))
    facts = {
        fiche.number: fiche_life(fiche, written_in=parsed.year, today=2026)
        for fiche in parsed.fiches
    }
    started = {n: f.started_year for n, f in facts.items() if f.started_year}
    assert started == {
        1: 2015,  # « Lancé en 2015 »
        2: 2012,  # « Depuis 2012, le projet PERLE est né »
        3: 2016,  # « ont initié en 2016 » (not « groupe départemental depuis 2008 »)
        6: 2018,  # « en ligne depuis le mois de décembre 2018 » (not « celle déjà créée en 2014 »)
        7: 2009,
        10: 2014,
        18: 2013,
        26: 2016,
        29: 2015,
        34: 2017,
        36: 2016,
        37: 2014,
    }
    # Seven years later, nothing in a 2019 text proves a project still runs or has ended.
    assert {f.status for f in facts.values()} == {UNKNOWN}
    assert not any(f.ended_year for f in facts.values())
    # Had the same document been written last year, three fiches say their action goes on.
    recent = [
        fiche.number
        for fiche in parsed.fiches
        if fiche_life(fiche, written_in=2025, today=2026).status == ONGOING
    ]
    assert recent == [6, 10, 37]


def _import(err=None):
    out = io.StringIO()
    call_command(
        "import", str(settings.CAHIER_DEFAULT_DOCUMENT), stdout=out, stderr=err or io.StringIO()
    )
    return out.getvalue()


def _fiche(number: int):
    return EditionEntry.objects.select_related("initiative").get(number=number).initiative


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_import_writes_the_start_years_and_never_overwrites_a_persons_status():
    out = _import()
    assert "Vie des projets lue dans les textes : 12 années de début, 0 statut" in out
    first = _fiche(1)
    assert (first.started_year, first.project_status) == (2015, UNKNOWN)
    assert _fiche(4).started_year is None
    # A curator knows better: the project ended in 2020.
    curator = UserFactory(curator=True)
    services.initiative_save(
        initiative=first,
        data=replace(
            InitiativeData.from_initiative(first),
            project_status=ENDED,
            started_year=2014,
            ended_year=2020,
        ),
        actor=curator,
        expected_version=first.version,
    )
    # Importing the document again keeps it: the import guard refuses and names the fields.
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 fiche"):
        _import(err)
    assert "Statut du projet, Année de début, Année de fin" in err.getvalue()
    first = _fiche(1)
    assert (first.project_status, first.started_year, first.ended_year) == (ENDED, 2014, 2020)

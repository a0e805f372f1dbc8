"""Institutions that changed names, on display: the first mention of an old name in a fiche
says the new one (site and print), nothing else of the text changes."""

from datetime import date
from types import SimpleNamespace

from cahier.core.prose import Medium, glossary_from_rows, renames_from_rows, to_html
from cahier.core.prose.fiche import fiche_html

RENAMES = renames_from_rows(
    (
        (
            "DIRECCTE",
            "Direction régionale des entreprises, de la concurrence, de la consommation, "
            "du travail et de l'emploi",
            "DREETS",
            "Direction régionale de l'économie, de l'emploi, du travail et des solidarités",
            date(2021, 4, 1),
        ),
        ("", "Pôle emploi", "", "France Travail", date(2024, 1, 1)),
        ("OPCA", "", "OPCO", "Opérateur de compétences", date(2019, 4, 1)),
        ("FSE", "Fonds social européen", "FSE+", "Fonds social européen plus", date(2021, 1, 1)),
    )
)
GLOSSARY = glossary_from_rows((("DIRECCTE", "Direction régionale…"), ("DREETS", "Direction…")))


def fiche(**texts):
    fields = {
        "title": "La DIRECCTE au travail",
        "territory": "",
        "description": "",
        "added_value": [],
        "porteur_label": "",
        "porteur": None,
        "public": "",
        "partners": [],
        "results": "",
        "links": [],
        "referent_emails": [],
    }
    return SimpleNamespace(**{**fields, **texts})


def test_first_mention_in_a_fiche_says_the_new_name_on_the_site():
    initiative = fiche(
        description="Financé par la DIRECCTE.\n\nLa DIRECCTE suit le projet.",
        partners=["DIRECCTE Bretagne", "Pôle emploi"],
        results="Pôle emploi oriente les personnes.",
    )
    html = fiche_html(initiative, glossary=GLOSSARY, renames=RENAMES)
    description = str(html["description"])
    assert description.count("aujourd’hui") == 1
    assert (
        'class="cahier-renamed" title="Depuis le 1er\u00a0avril 2021\u00a0: Direction régionale'
        in description
    )
    assert ">DREETS</abbr></a>)</span>" in description  # the new acronym links to the glossary
    # Later fields: DIRECCTE was already explained; Pôle emploi's first mention is the partner.
    assert "aujourd’hui" not in str(html["partners"][0])
    assert "Pôle emploi <span" in str(html["partners"][1])
    assert "(aujourd’hui France Travail)" in str(html["partners"][1])
    assert "aujourd’hui" not in str(html["results"])
    # The title is printed as written.
    assert "aujourd’hui" not in str(html["title"])


def test_print_medium_shows_the_new_name_without_a_tooltip():
    html = str(
        to_html("La DIRECCTE finance.", glossary=GLOSSARY, medium=Medium.PRINT, renames=RENAMES)
    )
    assert html == (
        '<p>La <em class="sigle">DIRECCTE</em> <span class="renamed">(aujourd’hui '
        '<em class="sigle">DREETS</em>)</span> finance.</p>'
    )


def test_names_match_in_any_case_acronyms_as_written_or_capitalised():
    assert "(aujourd’hui France Travail)" in str(to_html("avec pôle Emploi", renames=RENAMES))
    assert "(aujourd’hui DREETS)" in str(to_html("la Direccte de Rennes", renames=RENAMES))
    assert "aujourd’hui" not in str(to_html("la direccte de Rennes", renames=RENAMES))
    long_name = (
        "la Direction régionale des entreprises, de la concurrence, de la consommation, du "
        "travail et de l’emploi"
    )
    # Mentioned by its name: the new name, not the acronym.
    assert "(aujourd’hui Direction régionale de l&#x27;économie" in str(
        to_html(long_name, renames=RENAMES)
    )


def test_addresses_domains_and_newer_names_are_left_alone():
    for text in (
        "Écrire à bretag.direction@direccte.gouv.fr",
        "Voir www.direccte.gouv.fr/bretagne",
        "Cofinancé par le FSE+",
        "Les OPCA (OPCO depuis 2019)",
        "La DIRECCTE, devenue DREETS, finance",
    ):
        assert "aujourd’hui" not in str(to_html(text, renames=RENAMES)), text


def test_renames_given_to_one_text_mark_its_first_mention():
    html = str(to_html("La DIRECCTE, puis la DIRECCTE.", renames=RENAMES))
    assert html.count("aujourd’hui DREETS") == 1
    assert html.index("aujourd’hui") < html.index(", puis la DIRECCTE.")


def test_without_renames_nothing_is_added():
    assert "aujourd’hui" not in str(to_html("La DIRECCTE finance."))
    assert renames_from_rows(()).pattern is None

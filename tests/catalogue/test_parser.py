"""The parser on crafted documents: every field, and one test per malformed case."""

import pytest

from cahier.catalogue.importer import CahierParseError, parse_document
from cahier.catalogue.importer.fiche import parse_provenance, split_partners

from .documents import document, line_of


def test_a_well_formed_document_gives_every_field():
    cahier = parse_document(document())
    assert (cahier.title, cahier.subtitle, cahier.publisher) == (
        "Le cahier des initiatives",
        "INCLUSION",
        "dgefp",
    )
    assert cahier.edito == "Ce cahier est composé de 2 fiches."
    assert cahier.edito_signature == "Jeanne Martin\nDéléguée générale"
    first, second = cahier.fiches
    assert first.number == 1
    assert first.title == "Premier projet"
    assert first.region == "Bretagne"
    assert first.territory == "Rennes"
    assert first.description == "Description de Premier projet.\n\nSecond paragraphe avec PLIE."
    assert first.added_value == ["Premier point ;", "Second point."]
    assert first.porteur == "Association Premier projet"
    assert first.public == "Jeunes"
    assert first.partners == ["Pôle emploi", "Mission locale (antenne de Rennes, Brest)", "PLIE"]
    assert first.links == ["https://example.org/premier-projet"]
    assert first.referent_emails == ["bretag.direction@direccte.gouv.fr"]
    assert first.results == "Résultats :\n- 10 jeunes accompagnés ;\n- 5 en emploi."
    assert (first.provenance.event, first.provenance.year, first.provenance.status) == (
        "JITE",
        2018,
        "présenté",
    )
    assert (second.provenance.status, second.provenance.category) == ("retenu", "Mobilité")
    assert [(e.label, e.numbers) for e in cahier.keywords] == [
        ("Mobilité", [1, 2]),
        ("Jeunesse", [2]),
    ]
    assert cahier.glossary[0] == ("PLIE", "Plan local pluriannuel pour l'insertion et l'emploi")
    assert cahier.warnings == []


@pytest.mark.parametrize(
    "footnote, expected",
    [
        ("Projet présenté à la Jite 2018", ("JITE", 2018, "présenté", "")),
        (
            "Projet recueilli à la Jite 2017 non présenté",
            ("JITE", 2017, "recueilli non présenté", ""),
        ),
        (
            "Projet ayant répondu à l'appel « Trophées FSE » de 2019, non retenu",
            ("Trophées FSE", 2019, "non retenu", ""),
        ),
        (
            "Projet ayant répondu à l'appel « Trophées FSE » de 2019 retenu catégories Mobilité",
            ("Trophées FSE", 2019, "retenu", "Mobilité"),
        ),
        (
            "Projet ayant répondu à l'appel « Trophées FSE » de 2019 retenu en catégorie Compétences",
            ("Trophées FSE", 2019, "retenu", "Compétences"),
        ),
    ],
)
def test_provenance_footnotes(footnote, expected):
    provenance = parse_provenance(footnote, 1)
    assert (provenance.event, provenance.year, provenance.status, provenance.category) == expected


def test_partners_split_on_commas_outside_parentheses_even_when_one_never_closes():
    assert split_partners("A (b, c), D, E.") == (["A (b, c)", "D", "E"], False)
    partners, unbalanced = split_partners("A, B (sans fin, C, D")
    assert partners == ["A", "B (sans fin", "C", "D"]
    assert unbalanced


def test_inconsistencies_are_warnings_not_fixes():
    text = document(claimed=41, list_titles=["Premier projet", "Second projet, bis"])
    cahier = parse_document(text)
    messages = [str(w) for w in cahier.warnings]
    assert any("41 fiches" in m and "2" in m for m in messages)
    assert any("« Second projet, bis » dans la liste" in m for m in messages)
    # The fiche keeps its own title; the list's variant is kept beside it.
    assert cahier.fiches[1].title == "Second projet"
    assert cahier.fiches[1].list_title == "Second projet, bis"


def test_unknown_italic_acronym_and_foreign_referent_are_reported():
    text = document().replace("*PLIE*", "*PLIE*, *ZORGLUB*", 1)
    text = text.replace("Rennes\n", "Rennes\n", 1).replace(
        "## Bretagne\n\n- 1", "## Bretagne\n\n- 1"
    )
    text = text.replace("# Bretagne\n\nBrest", "# Grand Est\n\nBrest")
    text = text.replace(
        "## Bretagne\n\n- 1 - Premier projet\n- 2 - Second projet",
        "## Bretagne\n\n- 1 - Premier projet\n\n## Grand Est\n\n- 2 - Second projet",
    )
    messages = [str(w) for w in parse_document(text).warnings]
    assert any("ZORGLUB" in m for m in messages)
    assert any("bretag.direction" in m and "Grand Est" in m for m in messages)


MALFORMED = [
    # (what, transform, needle whose line the error must name, words of the message)
    (
        "no list of fiches",
        lambda t: t.replace("# Liste des fiches", "# Sommaire"),
        None,
        "Liste des fiches",
    ),
    (
        "unknown field label",
        lambda t: t.replace("**Public cible :**", "**Budget :**", 1),
        "**Budget :**",
        "champ inconnu",
    ),
    (
        "missing provenance footnote",
        lambda t: t.replace("<sup>1</sup> Projet présenté à la Jite 2018", "Projet présenté"),
        None,
        "note de provenance",
    ),
    (
        "row without its tab",
        lambda t: t.replace("</p>\t<ul", "</p> <ul", 1),
        "<p>Description de Premier projet.",
        "tabulation",
    ),
    (
        "glossary line without tab",
        lambda t: t.replace("FSE\tFonds", "FSE Fonds"),
        "FSE Fonds",
        "glossaire",
    ),
    (
        "unreadable index line",
        lambda t: t.replace("- Jeunesse – fiche 2", "- Jeunesse (voir plus loin)"),
        "Jeunesse (voir",
        "index",
    ),
    (
        "list and body disagree",
        lambda t: t.replace("- 2 - Second projet", "- 2 - Second projet\n- 3 - Fantôme"),
        "- 1 - Premier projet",
        "3",
    ),
    (
        "duplicate fiche number",
        lambda t: t.replace("- 2 - Second projet", "- 1 - Second projet"),
        "- 1 - Second projet",
        "deux fois",
    ),
    (
        "unknown region in the list",
        lambda t: t.replace("## Bretagne\n\n- 1", "## Atlantide\n\n- 1"),
        "## Atlantide",
        "région inconnue",
    ),
    (
        "unknown provenance event",
        lambda t: t.replace("Projet présenté à la Jite 2018", "Projet présenté au Salon 2018"),
        "au Salon 2018",
        "événement",
    ),
    (
        "repeated field",
        lambda t: t.replace(
            "**Public cible :** Jeunes",
            "**Public cible :** Jeunes\n\n**Public cible :** Seniors",
            1,
        ),
        "**Public cible :** Seniors",
        "répété",
    ),
    ("empty document", lambda t: "   \n", None, "vide"),
]


@pytest.mark.parametrize("what, transform, needle, words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_documents_are_refused_with_their_line(what, transform, needle, words):
    text = transform(document())
    with pytest.raises(CahierParseError) as caught:
        parse_document(text)
    assert words in caught.value.message
    assert caught.value.line >= 1
    if needle:
        assert caught.value.line == line_of(text, needle)
    assert f"ligne {caught.value.line}" in str(caught.value)


def test_misspelled_town_names_are_reported(monkeypatch):
    from cahier.core import places

    monkeypatch.setattr(
        places, "towns", lambda: {"saint brieuc": "Saint-Brieuc", "rennes": "Rennes"}
    )
    text = document().replace("# Bretagne\n\nRennes", "# Bretagne\n\nSaint Briec", 1)
    messages = [str(w) for w in parse_document(text).warnings]
    assert any("« Saint Briec »" in m and "Saint-Brieuc" in m for m in messages)
    assert not any("Rennes" in m for m in messages)

"""cahier.core.prose: stored text → HTML, one typography rule, one acronym matcher."""

import pytest
from django.template import Context, Template

from cahier.catalogue.selectors import glossary_matcher
from cahier.core.prose import (
    NBSP,
    NNBSP,
    Medium,
    edito_text,
    french_spacing,
    glossary_anchors,
    glossary_from_rows,
    to_html,
)
from tests.catalogue import factories as f

GLOSSARY = glossary_from_rows(
    (
        ("AMP", "<b>x</b>"),
        ("MDE(F)", "Maison de l'emploi (et de la formation)"),
        ("PLIE", "Plan local pour l'insertion et l'emploi"),
        ("R&D", "Recherche et développement"),
        ("X", "Une lettre"),
    )
)


def test_french_spacing_before_punctuation_inside_guillemets_and_in_numbers():
    assert french_spacing("Public cible: DE") == f"Public cible{NBSP}: DE"
    assert french_spacing("Public cible : DE") == f"Public cible{NBSP}: DE"
    assert french_spacing("Vraiment ?Oui!") == f"Vraiment{NNBSP}?Oui{NNBSP}!"
    assert french_spacing("fin ; suite") == f"fin{NNBSP}; suite"
    assert french_spacing("«Trophées FSE»") == f"«{NBSP}Trophées FSE{NBSP}»"
    assert french_spacing("« nul n'est inemployable »") == f"«{NBSP}nul n’est inemployable{NBSP}»"
    assert french_spacing("1 820 personnes") == f"1{NBSP}820 personnes"
    assert (
        french_spacing("59% ont un emploi, 26 % non") == f"59{NNBSP}% ont un emploi, 26{NNBSP}% non"
    )


def test_french_spacing_leaves_urls_emails_and_times_alone():
    assert french_spacing("https://a.fr/p?x=1") == "https://a.fr/p?x=1"
    assert french_spacing("voir https://a.fr/p?x=1 : ok") == f"voir https://a.fr/p?x=1{NBSP}: ok"
    assert french_spacing("à 20:30") == "à 20:30"
    assert french_spacing("ara.direction@direccte.gouv.fr") == "ara.direction@direccte.gouv.fr"
    assert french_spacing("https://a.fr/?p=10%20x") == "https://a.fr/?p=10%20x"


def test_typographic_apostrophe_in_text_straight_in_addresses_and_quotes():
    assert french_spacing("l'emploi, aujourd'hui") == "l’emploi, aujourd’hui"
    assert french_spacing("voir https://a.fr/l'a") == "voir https://a.fr/l'a"
    assert french_spacing("écrire à o'neil@asso.fr") == "écrire à o'neil@asso.fr"
    assert french_spacing("le mot 'test'") == "le mot 'test'"  # not an apostrophe
    html = to_html("Garde d'enfants", inline=True)
    assert html == "Garde d’enfants"


def test_capitals_keep_their_accents_and_ordinals_are_abbreviated():
    assert french_spacing("Egalité femmes-hommes") == "Égalité femmes-hommes"
    assert french_spacing("l'Etat et les Etats-Unis") == "l’État et les États-Unis"
    assert french_spacing("Etude, Education nationale") == "Étude, Éducation nationale"
    assert french_spacing("A ce titre. A partir de 2019") == "À ce titre. À partir de 2019"
    assert french_spacing("la 1ère session, les 1ères, la 2ème, le 3eme, la 4è") == (
        "la 1re session, les 1res, la 2e, le 3e, la 4e"
    )
    assert french_spacing("le XXIème siècle, le 1er janvier") == "le XXIe siècle, le 1er janvier"


def test_names_and_capital_letters_that_are_not_words_are_left():
    # Names start with a capital E too: only the common nouns of the rule get their accent.
    text = "Association Emergence, Eco Mobil, Elan sportif, Emploi, Entreprises"
    assert french_spacing(text) == text
    assert french_spacing("Catégorie A de demandeurs, plan A pour") == (
        "Catégorie A de demandeurs, plan A pour"
    )
    assert french_spacing("ETAT") == "ETAT"


def test_french_spacing_is_idempotent():
    once = french_spacing("Lien : « x » ? 1 820 ; 5 % l'Etat, la 1ère, A ce titre")
    assert french_spacing(once) == once


def test_paragraphs_lists_and_line_breaks():
    html = to_html("Premier : 1 820 personnes.\n\n- un\n- deux\nFin\r\nsuite")
    assert html == (
        f"<p>Premier{NBSP}: 1{NBSP}820 personnes.</p>"
        "<ul><li>un</li><li>deux</li></ul><p>Fin<br>suite</p>"
    )


def test_headings_bold_and_italics():
    html = to_html("### **Présentation** du carnet\n\nLe *texte* et **le gras**.\n\n#hashtag")
    assert html == (
        "<h3><strong>Présentation</strong> du carnet</h3>"
        "<p>Le <em>texte</em> et <strong>le gras</strong>.</p><p>#hashtag</p>"
    )


def test_edito_short_unpunctuated_lines_are_subheadings():
    text = edito_text("Premier paragraphe : ici.\n\nPrésentation du carnet\n\n- un\n- deux")
    assert to_html(text, medium=Medium.PRINT) == (
        f"<p>Premier paragraphe{NBSP}: ici.</p><h3>Présentation du carnet</h3>"
        "<ul><li>un</li><li>deux</li></ul>"
    )


def test_hostile_text_is_kept_as_text():
    html = to_html("n<nmax et <script>alert(1)</script> <img src=x onerror=\"y\"> &amp; 'a'")
    assert html == (
        "<p>n&lt;nmax et &lt;script&gt;alert(1)&lt;/script&gt; "
        "&lt;img src=x onerror=&quot;y&quot;&gt; &amp;amp; &#x27;a&#x27;</p>"
    )
    # Markup characters inside « ** » stay escaped too.
    assert to_html("**<b>**", inline=True) == "<strong>&lt;b&gt;</strong>"


def test_acronyms_on_the_web_link_to_the_glossary_with_their_definition():
    html = to_html("Le PLIE aide.", glossary=GLOSSARY, medium=Medium.WEB, inline=True)
    assert html == (
        'Le <a class="sigle" href="/glossaire/#PLIE"><abbr title="Plan local pour '
        'l’insertion et l’emploi">PLIE</abbr></a> aide.'
    )
    # The definition is untrusted text too.
    assert 'title="&lt;b&gt;x&lt;/b&gt;"' in to_html("AMP", glossary=GLOSSARY, inline=True)


@pytest.mark.parametrize("medium", list(Medium))
def test_one_matcher_whole_words_variants_and_never_inside_entities(medium):
    marked = "<em" if medium == Medium.PRINT else "<abbr"
    text = "PLIE, MDE(F), MDEF et MDE ; R&D ; PLIEUR, l'PLIE, plie, &amp; AMP, X"
    html = to_html(text, glossary=GLOSSARY, medium=medium, inline=True)
    found = [part.split(">", 1)[1].split("<", 1)[0] for part in html.split(marked)[1:]]
    assert found == ["PLIE", "MDE(F)", "MDEF", "MDE", "R&amp;D", "PLIE", "AMP"]
    assert "&amp;amp;" in html  # « amp » of the entity is not the acronym AMP


def test_acronyms_in_bold_text_and_in_list_items_but_never_in_tags():
    html = to_html("- **PLIE** et PLIE", glossary=GLOSSARY, medium=Medium.PRINT)
    assert html == (
        '<ul><li><strong><em class="sigle">PLIE</em></strong> et <em class="sigle">PLIE</em></li></ul>'
    )


def test_glossary_anchors_are_unique():
    assert glossary_anchors(["MDE(F)", "MDEF", "É"]) == {
        "MDE(F)": "MDEF",
        "MDEF": "MDEF-2",
        "É": "E",
    }


@pytest.mark.django_db
def test_a_glossary_edit_is_seen_by_the_next_rendering():
    f.GlossaryTermFactory(acronym="PLIE", definition="Plan local")
    assert "<abbr" in to_html("Le PLIE", glossary=glossary_matcher(), inline=True)
    assert "<abbr" not in to_html("Le CCAS", glossary=glossary_matcher(), inline=True)
    term = f.GlossaryTermFactory(acronym="CCAS", definition="Centre communal d'action sociale")
    assert 'title="Centre communal' in to_html("Le CCAS", glossary=glossary_matcher(), inline=True)
    term.definition = "Nouvelle définition"
    term.save()
    assert 'title="Nouvelle définition"' in to_html(
        "Le CCAS", glossary=glossary_matcher(), inline=True
    )
    # Same content, same matcher: nothing is recompiled.
    assert glossary_matcher() is glossary_matcher()


def test_template_filter_escapes_then_spaces():
    rendered = Template("{% load typography %}{{ v|fr }}").render(Context({"v": "<b>Public: x"}))
    assert rendered == f"&lt;b&gt;Public{NBSP}: x"
    assert Template("{% load typography %}[{{ v|fr }}]").render(Context({"v": None})) == "[]"


def test_dates_say_1er_and_never_break():
    from datetime import UTC, date, datetime

    from django.template import Context, Template

    from cahier.core.dates import french_date, french_datetime

    assert french_date(date(2026, 12, 1)) == "1er\u00a0décembre 2026"
    assert french_date(date(2027, 3, 2)) == "2\u00a0mars 2027"
    # Paris time: 8:05 UTC is 9 h 05 in winter.
    assert french_datetime(datetime(2027, 1, 1, 8, 5, tzinfo=UTC)) == (
        "1er\u00a0janvier 2027 à 9\u00a0h\u00a005"
    )
    html = Template("{% load typography %}{{ d|date_fr }}").render(Context({"d": date(2026, 5, 1)}))
    assert html == "1er\u00a0mai 2026"


def test_acronyms_of_a_label_get_their_definition_without_a_link():
    # A badge, a tag or a filter value is often a link itself: a tooltip, no nested link.
    html = to_html("GE/PLIE", glossary=GLOSSARY, medium=Medium.LABEL, inline=True)
    assert html == 'GE/<abbr title="Plan local pour l’insertion et l’emploi">PLIE</abbr>'

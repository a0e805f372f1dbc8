"""Stored text → one line of plain text (feeds, descriptions, share images)."""

from cahier.core.prose import plain_text


def test_markup_of_the_stored_text_is_dropped_and_french_spacing_applied():
    text = "# Objectif\n\nLe **garage** *solidaire* répare :\n\n- des voitures\n- des vélos à 5 %"
    assert plain_text(text) == (
        "Objectif Le garage solidaire répare\u00a0: des voitures des vélos à 5\u202f%"
    )


def test_html_and_entities_stay_text():
    assert plain_text("<b>gras</b> &amp; « cité »") == "<b>gras</b> &amp; «\u00a0cité\u00a0»"


def test_cut_at_a_word_with_an_ellipsis():
    assert plain_text("un deux trois quatre", 12) == "un deux…"
    assert plain_text("court", 12) == "court"
    assert plain_text("") == plain_text(None) == ""

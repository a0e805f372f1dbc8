"""The analyzer: what the index and the queries are both made of."""

from cahier.search.analysis import analyze, joined_forms, surface_words


def test_elisions_with_both_apostrophes():
    assert analyze("l'emploi") == analyze("L’emploi") == analyze("emploi")
    assert analyze("qu'insertion") == analyze("insertion")
    assert analyze("d’accompagnement") == analyze("accompagnement")
    # « aujourd'hui » is not an elision: it keeps both parts.
    assert analyze("aujourd'hui") == ["aujourd", "hui"]


def test_case_accents_and_ligatures_fold():
    assert analyze("MAIN D'ŒUVRE") == analyze("main d'oeuvre") == ["main", "oeuvr"]
    assert analyze("Réfugiés") == analyze("réfugiés") == analyze("réfugiers")
    assert analyze("CŒUR") == analyze("coeur")


def test_stemming_joins_plural_and_feminine_forms():
    assert analyze("demandeurs") == analyze("demandeur")
    assert analyze("handicapées") == analyze("handicap")
    assert analyze("formations") == analyze("formation")
    # Stemming runs before folding: « séniors » and « seniors » still meet.
    assert analyze("séniors") == analyze("seniors")


def test_stop_words_go_but_capitalised_acronyms_stay():
    assert analyze("les personnes et la formation") == analyze("personnes formation")
    assert analyze("des DE de longue durée") == ["de", "longu", "dur"]


def test_hyphenated_words_give_parts_and_joined_form():
    assert analyze("sans-abri") == analyze("sans abri")
    assert joined_forms("les sans-abri") == ["sansabr"]
    assert analyze("sansabri") == joined_forms("sans-abri")


def test_surface_words_drop_elisions_for_corrections():
    assert dict(surface_words("l'insertion des réfugiés")) == {
        "insertion": "insert",
        "réfugiés": "refugi",
    }

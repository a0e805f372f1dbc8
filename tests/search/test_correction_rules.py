"""The general rules under the recoveries, without a database: French sound keys, the word
list of real French words, derivational families and the « far less » threshold."""

from cahier.search.correction import Pool, candidates, is_french_word, phonetic_key
from cahier.search.families import family
from cahier.search.recovery import worth_suggesting


def test_spellings_of_one_sound_share_a_key():
    for one, other in (
        ("Châteauroux", "chatoroux"),
        ("pharmacie", "farmacie"),
        ("communique", "communike"),
        ("Ardennes", "arrdennes"),
        ("issues", "içues"),
    ):
        assert phonetic_key(one) == phonetic_key(other)
    assert phonetic_key("mobilité") != phonetic_key("mobile")


def test_real_french_words_are_told_from_typos():
    assert all(is_french_word(w) for w in ("parler", "retenus", "Manque", "couturière"))
    assert not any(is_french_word(w) for w in ("mobilte", "illetrisme", "aprentissage"))


def pool(*words):
    return Pool(
        [w.lower() for w in words], [phonetic_key(w) for w in words], list(words), list(words)
    )


def test_a_left_out_letter_beats_a_letter_too_many_and_sound_beats_distance():
    frequency = {"mobile": 50, "mobilite": 10, "Chateauroux": 1, "Chatou": 1}
    found = candidates("mobilte", [pool("mobile", "mobilite")], frequency)
    assert found[0].display == "mobilite"
    found = candidates("chatoroux", [pool("Chateauroux", "Chatou")], frequency)
    assert [c.display for c in found] == ["Chateauroux"]


def test_acronyms_in_capitals_only_meet_acronyms():
    found = candidates("PIE", [pool("PLIE", "pied")], {"PLIE": 1, "pied": 100})
    assert [c.display for c in found] == ["PLIE"]


def test_families_follow_french_endings_not_a_word_list():
    words = ["tricotage", "tricoteur", "tricot", "planification", "planificateur"]
    lookup = {w: (w, w[:6]) for w in words}
    frequency = {token: 1 for _, token in lookup.values()}
    assert [m[0] for m in family("tricoteuse", lookup, frequency)] == ["tricoteur"]
    assert family("planificatrice", lookup, frequency)[0][0].startswith("planific")
    assert family("zzz", lookup, frequency) == []


def test_far_less_means_half():
    assert worth_suggesting(0, 1)
    assert worth_suggesting(3, 6) and not worth_suggesting(3, 5)
    assert not worth_suggesting(0, 0) and not worth_suggesting(10, 10)

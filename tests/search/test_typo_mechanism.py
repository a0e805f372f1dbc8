"""Issue 12, « Done when »: a misspelt real word of the catalogue ends on a page of results when
a fiche has the intended word — also when the fiche writes it inside a hyphenated name
(« IT-Akademy »), with an inner apostrophe (« Empl'itude ») or inside a file name, and when the
slip is a doubled letter before a nasal (« innovennt »). And a reader who refused the
correction (`correction=non`) gets the words as typed in every twin of the page: results, API,
exports, Atom feed. On the real 2019 cahier, both backends."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import pytest

from cahier.search.analysis import analyze, surface_words
from cahier.search.correction import phonetic_key
from cahier.search.engine import SearchQuery, match, search
from cahier.search.enums import RecoveryKind
from tests.search.helpers import create

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_parts_of_a_hyphenated_word_and_a_word_of_pieces_are_correction_targets():
    words = dict(surface_words("Simplon, IT-Akademy, Label Empl'itude, l'Île-de-France"))
    assert words["akademy"] == analyze("akademy")[0]  # a part: its own token
    assert words["empl'itude"] == "emplitud"  # the joined token the index finds it by
    assert "île-de-france" in words and "france" in words
    assert "empl" not in words and "itude" not in words  # pieces of an apostrophe: no words


def test_an_underscore_separates_words():
    words = [word for word, _ in surface_words("Guide-numerique_interactif_1.pdf")]
    assert "interactif" in words
    assert analyze("numerique_interactif") == analyze("numerique interactif")


def test_a_doubled_consonant_does_not_change_the_sound():
    assert phonetic_key("innovennt") == phonetic_key("innovent") == phonetic_key("innovante")
    assert phonetic_key("acompagnement") == phonetic_key("accompagnement")


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.usefixtures("cahier_2019")
class TestOnTheCahier:
    def test_a_misspelt_part_of_a_hyphenated_name_is_corrected(self):
        result = search(SearchQuery(q="akademmy"))  # « IT-Akademy », fiche 3
        assert [hit.number for hit in result.hits] == [3]
        (correction,) = result.recoveries
        assert correction.kind == RecoveryKind.CORRECTION
        assert correction.replacements == ["akademy"]

    def test_a_misspelt_word_of_a_link_is_reached(self):
        # « journal » is only in the address of fiche 31's link, « interactif » in the file
        # name of fiche 39's (« …numerique_interactif_1.pdf »).
        assert 31 in [hit.number for hit in search(SearchQuery(q="jourhal")).hits]
        result = search(SearchQuery(q="interactive"))  # one stem with « interactif »
        assert [hit.number for hit in result.hits] == [39]

    def test_a_link_word_has_its_accents_back(self):
        # The address of a link says « egalite »: indexed as « égalité », so « egalite »
        # typed is still the accent-free « égalité » of the prose, not a word of its own.
        result = search(SearchQuery(q="egalite"))
        assert result.corrected_query == "égalité"
        assert result.count == search(SearchQuery(q="égalité")).count

    def test_a_doubled_letter_before_a_nasal_is_a_slip_of_the_same_sound(self):
        result = search(SearchQuery(q="innovennt"))
        assert result.count > 0 and result.corrected_query.startswith("innov")

    def test_an_elided_misspelt_word_keeps_its_elision(self):
        result = search(SearchQuery(q="l'akademmy"))
        assert [hit.number for hit in result.hits] == [3]
        assert result.corrected_query == "l'akademy"

    def test_a_correct_word_after_an_elision_is_kept(self):
        result = search(SearchQuery(q="qui n'arrivent pas à retrouver un emploi"))
        assert result.recoveries == [] and result.corrected_query is None

    def test_an_acronym_two_edits_away_is_reached_at_the_last_rung(self):
        result = search(SearchQuery(q="DEZEST"))  # « DEETS »
        assert result.count > 0
        assert [r.replacements for r in result.recoveries] == [["DEETS"]]
        assert search(SearchQuery(q="DEZEST", correct_typos=False)).count == 0

    def test_a_long_acronym_is_reached_from_a_shorter_one(self):
        result = search(SearchQuery(q="DIRCTE"))  # « DIRECCTE »: eight capitals
        assert result.count > 0
        assert [r.replacements for r in result.recoveries] == [["DIRECCTE"]]

    def test_a_slip_on_top_of_a_sound_alike_spelling_is_reached_at_the_last_rung(self):
        result = search(SearchQuery(q="plagtox"))  # « platox » sounds « plateaux »; one slip
        assert result.count > 0
        assert [r.replacements for r in result.recoveries] == [["plateaux"]]

    def test_a_correction_that_finds_nothing_is_revisited_at_the_last_rung(self):
        # « Clais » sounds like « Clair », a town of the gazetteer where no fiche is.
        assert search(SearchQuery(q="Clair")).count == 0
        result = search(SearchQuery(q="Clais"))
        assert result.count > 0
        assert [r.kind for r in result.recoveries] == [RecoveryKind.VARIANT]
        assert result.recoveries[0].replacements != ["Clair"]

    def test_a_misspelt_hyphenated_word_goes_down_the_ladder_whole(self):
        result = search(SearchQuery(q="primo-arivants"))  # « primo-arrivants »
        assert result.corrected_query == "primo-arrivants"
        assert result.count == search(SearchQuery(q="primo-arrivants")).count > 0
        assert search(SearchQuery(q="promo-rrivant")).count > 0  # the last rung
        assert search(SearchQuery(q="sans-abri")).recoveries == []  # known: left alone

    def test_a_label_has_french_typography(self):
        (correction,) = search(SearchQuery(q="mobilte")).recoveries
        assert correction.label == "«\u00a0mobilte\u00a0» corrigé en «\u00a0mobilité\u00a0»"

    def test_match_follows_the_refusal_of_the_correction(self):
        assert match(SearchQuery(q="closes")) and match(SearchQuery(q="mobilte"))
        assert match(SearchQuery(q="closes", correct_typos=False)) == []
        assert match(SearchQuery(q="mobilte", correct_typos=False)) == []


@pytest.mark.django_db
def test_a_word_written_with_an_inner_apostrophe_is_reached():
    create("Atelier Brik'olab", description="Un atelier de réparation de vélos.")
    result = search(SearchQuery(q="brikolabb"))
    assert [hit.title for hit in result.hits] == ["Atelier Brik'olab"]
    assert result.corrected_query == "brik'olab"


def _rows(response) -> int:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return len(list(csv.reader(io.StringIO(text)))) - 1


def _entries(response) -> list:
    root = ET.fromstring(response.content)  # noqa: S314 - the answer of our own server
    return root.findall(f"{ATOM}entry")


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.usefixtures("cahier_2019")
def test_the_page_links_its_twins_without_correction_when_the_reader_refused_it(client):
    # « mobilte » as typed is in no fiche: 28 fiches for « jeunes » alone, 30 corrected.
    as_typed = search(SearchQuery(q="mobilte jeunes", correct_typos=False)).count
    assert as_typed != search(SearchQuery(q="mobilte jeunes")).count
    page = client.get("/initiatives/", {"q": "mobilte jeunes", "correction": "non"})
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', page.text)]
    exports = [link for link in links if link.startswith("/api/v1/exports/initiatives")]
    feeds = [link for link in links if link.startswith("/initiatives/flux.atom")]
    assert exports and feeds
    for link in exports:
        assert parse_qs(urlparse(link).query)["correct_typos"] == ["non"]
    for link in feeds:
        assert parse_qs(urlparse(link).query)["correction"] == ["non"]
    csv_link = next(link for link in exports if urlparse(link).path.endswith(".csv"))
    assert _rows(client.get(csv_link)) == as_typed


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.usefixtures("cahier_2019")
@pytest.mark.parametrize("q", ["closes", "mobilte"])  # the last rung; a correction
def test_exports_and_feed_without_correction_have_the_words_as_typed(client, q):
    export = "/api/v1/exports/initiatives.csv"
    assert _rows(client.get(export, {"q": q, "correct_typos": "non"})) == 0
    assert _entries(client.get("/initiatives/flux.atom", {"q": q, "correction": "non"})) == []
    # With the correction (the default), the same twins find the fiches.
    assert _rows(client.get(export, {"q": q})) == len(match(SearchQuery(q=q))) > 0
    assert _entries(client.get("/initiatives/flux.atom", {"q": q}))

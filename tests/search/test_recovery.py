"""No dead end (issue 12): what a reader gets for a word no fiche contains, on the real 2019
cahier — a typo corrected against the whole lexicon, a correct French word kept (with a
suggestion when it finds nothing), a derivational family, an overseas place without fiche —
in the engine, the API and the site."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from cahier.search.engine import SearchQuery, search
from cahier.search.enums import RecoveryKind

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("cahier_2019")]


def kinds(result):
    return [(r.kind, r.original, r.replacements, r.applied) for r in result.recoveries]


def test_a_typo_is_corrected_to_the_word_it_lacks_a_letter_of_and_says_so():
    result = search(SearchQuery(q="mobilte"))
    assert result.corrected_query == "mobilité"  # not « mobile »: a letter left out
    assert kinds(result) == [(RecoveryKind.CORRECTION, "mobilte", ["mobilité"], True)]
    assert {8, 12} & {hit.number for hit in result.hits[:3]}
    assert result.recoveries[0].alternative == "mobilte"


def test_without_correction_the_words_are_searched_as_typed():
    result = search(SearchQuery(q="mobilte", correct_typos=False))
    assert result.count == 0
    assert result.corrected_query is None and result.recoveries == []


def test_a_correct_french_word_is_not_replaced_but_suggested_when_nothing_is_found():
    result = search(SearchQuery(q="parler"))
    assert result.corrected_query is None
    assert result.count == 0
    (suggestion,) = result.recoveries
    assert suggestion.kind == RecoveryKind.SUGGESTION and not suggestion.applied
    assert search(SearchQuery(q=suggestion.alternative)).count > 0


def test_a_correct_word_in_a_longer_query_stays_and_no_suggestion_is_shown():
    result = search(SearchQuery(q="métiers en tension accessibles sans bien parler français"))
    assert result.corrected_query is None
    assert "porter" not in (result.corrected_query or "")
    assert result.recoveries == []  # the variant would find about as many fiches


def test_a_derived_form_finds_its_family():
    result = search(SearchQuery(q="couturière"))
    assert result.hits and result.hits[0].number == 9  # the couture fiche
    (family,) = result.recoveries
    assert family.kind == RecoveryKind.FAMILY and family.applied
    assert "couture" in family.replacements
    assert "même famille" in family.label


def test_feminine_agent_nouns_find_the_action_and_agent_nouns():
    for word, member in (("médiatrice", "médiation"), ("formatrice", "formation")):
        result = search(SearchQuery(q=word))
        assert result.count
        assert member in result.recoveries[0].replacements


def test_no_family_for_a_word_the_index_has():
    result = search(SearchQuery(q="couture"))
    assert result.recoveries == [] and result.hits[0].number == 9


def test_a_misspelt_acronym_becomes_the_acronym():
    for typed, acronym in (("PIE", "PLIE"), ("MPH", "MDPH"), ("BPT", "BTP")):
        result = search(SearchQuery(q=typed))
        assert result.corrected_query == acronym
        assert result.count


def test_a_misspelt_place_becomes_the_place():
    result = search(SearchQuery(q="Arrdennes"))
    assert result.places == ["Ardennes"] and result.count
    # « eau » written « o »: three edits, the same sound.
    result = search(SearchQuery(q="Châtoroux"))
    assert result.places == ["Châteauroux"] and result.count


def test_a_word_known_only_to_the_synonyms_is_a_correction_target():
    result = search(SearchQuery(q="illetrisme"))
    assert result.corrected_query == "illettrisme" and result.count


def test_an_overseas_region_without_fiche_shows_the_other_overseas_regions():
    result = search(SearchQuery(q="Guadeloupe"))
    assert result.count >= 3
    assert {hit.region for hit in result.hits} <= {"Guyane", "Martinique", "La Réunion"}
    (places,) = result.recoveries
    assert places.kind == RecoveryKind.PLACES and "Martinique" in places.replacements
    assert search(SearchQuery(q="Guadeloupe", correct_typos=False)).count == 0


def test_api_lists_the_recoveries_with_a_working_url(client):
    body = client.get("/api/v1/initiatives", {"q": "couturière"}).json()
    (recovery,) = body["recoveries"]
    assert recovery["kind"] == "famille" and recovery["from"] == "couturière"
    assert "couture" in recovery["to"] and recovery["applied"] is True
    assert body["corrected_query"] is None
    back = client.get(recovery["url"]).json()  # the words as typed, uncorrected
    assert back["count"] == 0 and back["recoveries"] == []

    body = client.get("/api/v1/initiatives", {"q": "parler"}).json()
    (suggestion,) = body["recoveries"]
    assert suggestion["kind"] == "suggestion" and suggestion["applied"] is False
    assert client.get(suggestion["url"]).json()["count"] > 0


def test_api_rejects_a_bad_correct_typos_value(client):
    response = client.get("/api/v1/initiatives", {"q": "mobilte", "correct_typos": "peut-être"})
    assert response.status_code == 400
    assert "correct_typos" in response.json()["detail"]
    body = client.get("/api/v1/initiatives", {"q": "mobilte", "correct_typos": "non"}).json()
    assert body["count"] == 0


def _link(html: str, text: str) -> str:
    """The href of the first link whose text starts with *text*."""
    for href, inner in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        shown = re.sub(r"<[^>]+>", "", inner).replace("&nbsp;", " ").replace("\xa0", " ")
        if shown.strip().startswith(text):
            return href.replace("&amp;", "&")
    raise AssertionError(f"no link « {text} »")


def test_site_shows_the_correction_and_the_way_back(client):
    html = client.get("/initiatives/", {"q": "mobilte"}).content.decode()
    assert "a été corrigée" in html
    back = _link(html, "Rechercher plutôt « mobilte »")
    assert parse_qs(urlparse(back).query) == {"q": ["mobilte"], "correction": ["non"]}
    html = client.get(back).content.decode()
    assert "Aucune initiative" in html and "Rechercher plutôt" not in html
    again = _link(html, "Rechercher avec la correction")
    assert "a été corrigée" in client.get(again).content.decode()


def test_site_shows_did_you_mean_for_a_correct_word(client):
    html = client.get("/initiatives/", {"q": "parler"}).content.decode()
    (link,) = re.findall(r'Vouliez-vous dire <a href="([^"]+)"', html)
    assert client.get(link.replace("&amp;", "&")).context["result"].count > 0


def test_site_shows_the_family_and_the_overseas_regions(client):
    html = client.get("/initiatives/", {"q": "couturière"}).content.decode()
    assert "mots de la même famille" in html and "couture" in html
    html = client.get("/initiatives/", {"q": "Guadeloupe"}).content.decode()
    assert "autres régions d’outre-mer" in html and "Martinique" in html


def test_cli_says_what_it_did():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("search", "couturière", stdout=out)
    assert "mots de la même famille\u00a0: «\u00a0couture\u00a0»" in out.getvalue()
    out = StringIO()
    call_command("search", "mobilte", "--correct_typos", "non", stdout=out)
    assert "0 fiche trouvée." in out.getvalue()

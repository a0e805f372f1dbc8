"""The last rung (issue 12, « Done when »): a query that would find nothing, made of real words
misspelt or kept as typed, is searched with its closest variant when that finds something — and
the reader is told, with the way back to the words as typed. Never when the words as typed find
something. On the real 2019 cahier, both backends."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from cahier.search.engine import SearchQuery, match, search
from cahier.search.enums import RecoveryKind

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.usefixtures("cahier_2019")]


def variant_of(result):
    found = [r for r in result.recoveries if r.kind == RecoveryKind.VARIANT]
    return found[0] if found else None


def test_a_real_word_that_finds_nothing_is_searched_as_its_variant_and_says_so():
    # « closes » is a correct French word: kept by the ladder, but no fiche has it.
    assert search(SearchQuery(q="closes", correct_typos=False)).count == 0
    result = search(SearchQuery(q="closes"))
    assert result.count > 0
    variant = variant_of(result)
    assert variant.applied and variant.replacements == ["clauses"]
    # French typography, as every text the reader sees (API, command, site): no-break
    # spaces inside « » (U+00A0) and a narrow one before « ; » (U+202F).
    assert variant.label == (
        "Aucune initiative pour «\u00a0closes\u00a0»\u202f; résultats pour «\u00a0clauses\u00a0»"
    )
    assert variant.alternative == "closes"  # the way back: the words as typed
    assert len(match(SearchQuery(q="closes"))) == result.count


def test_a_short_word_two_edits_away_is_recovered_only_at_the_last_rung():
    result = search(SearchQuery(q="comnu"))  # « commun »: two edits in five letters
    assert result.count > 0 and variant_of(result).replacements == ["commun"]


def test_a_capitalised_word_prefers_a_name_among_equally_close_variants():
    result = search(SearchQuery(q="Manrr"))  # « Marne » and « mars »: two edits each
    assert variant_of(result).replacements == ["Marne"]
    assert result.count > 0


def test_a_real_word_with_results_is_kept():
    # « sociales » finds fiches: « closes » stays as typed, no variant applied.
    result = search(SearchQuery(q="closes sociales"))
    assert result.count > 0
    assert variant_of(result) is None
    assert result.corrected_query is None


def test_a_real_word_two_edits_from_another_is_not_replaced():
    # « parler » → « porter » would be two edits: a correct word is not pushed that far.
    result = search(SearchQuery(q="parler"))
    assert result.count == 0 and variant_of(result) is None


def test_the_variant_keeps_the_filters():
    closes = search(SearchQuery(q="closes"))
    regions = {value.value for value in closes.facets["region"] if value.count}
    within = sorted(regions)[0]
    result = search(SearchQuery(q="closes", region=[within]))
    assert result.count > 0 and variant_of(result) is not None
    assert all(hit.region_slug == within for hit in result.hits)
    every = search(SearchQuery(q="")).facets["region"]
    elsewhere = next(value.value for value in every if value.value not in regions)
    result = search(SearchQuery(q="closes", region=[elsewhere]))
    assert result.count == 0 and variant_of(result) is None


def test_api_says_variant_with_a_url_to_the_words_as_typed(client):
    body = client.get("/api/v1/initiatives", {"q": "closes"}).json()
    (recovery,) = body["recoveries"]
    assert recovery["kind"] == "variante" and recovery["applied"] is True
    assert recovery["from"] == "closes" and recovery["to"] == ["clauses"]
    assert body["count"] > 0
    back = client.get(recovery["url"]).json()
    assert back["count"] == 0 and back["recoveries"] == []


def test_site_shows_the_variant_and_the_link_back_as_typed(client):
    html = client.get("/initiatives/", {"q": "closes"}).content.decode()
    text = re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " ")
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    assert "Aucune initiative pour « closes » ; résultats pour « clauses »" in text
    assert re.search(r"\d initiatives? pour « clauses »", text)  # the heading: words searched
    (back,) = re.findall(r'<a href="([^"]+)">Rechercher plutôt', html)
    back = back.replace("&amp;", "&")
    assert parse_qs(urlparse(back).query) == {"q": ["closes"], "correction": ["non"]}
    assert client.get(back).context["result"].count == 0

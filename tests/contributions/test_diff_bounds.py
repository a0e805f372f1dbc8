"""Comparisons stay bounded on hostile input: long texts are compared by paragraph, and cut
when even that is too long, and the page says so (the speed itself: scripts/bench_diff.py)."""

import random
from unittest import mock

import pytest

from cahier.contributions import diff
from tests.contributions.factories import complete_data

pytestmark = pytest.mark.django_db

WORDS = ["de", "la", "le", "et", "les", "des", "un", "une", "pour", "emploi", "insertion", "jeunes"]


def random_text(size: int, seed: int, paragraph: int = 60) -> str:
    rng, words, length = random.Random(seed), [], 0  # noqa: S311 (test data)
    while length < size:
        words.append(
            rng.choice(WORDS) + ("\n\n" if len(words) % paragraph == paragraph - 1 else "")
        )
        length += len(words[-1]) + 1
    return " ".join(words)


@pytest.fixture
def compared():
    """Every comparison difflib is given, as (len(a), len(b))."""
    sizes = []
    original = diff._opcodes

    def recording(a, b):
        sizes.append((len(a), len(b)))
        return original(a, b)

    with mock.patch.object(diff, "_opcodes", recording):
        yield sizes


def _assert_bounded(sizes, calls: int):
    cells = [a * b for a, b in sizes]
    assert max(cells, default=0) <= max(diff.WORD_CELLS, diff.LINE_CELLS)
    assert sum(cells) <= calls * (diff.WORD_CELLS + diff.LINE_CELLS)


def test_small_edit_is_still_shown_word_by_word(compared):
    rows = diff.diff_snapshots(
        {"description": "Nous aidons 80 jeunes."}, {"description": "Nous aidons 120 jeunes."}
    )
    row = next(r for r in rows if r.name == "description")
    assert '<del class="diff-del">80</del>' in row.old
    assert '<ins class="diff-ins">120</ins>' in row.new
    assert row.notice == ""


def test_250_kb_revision_diff_is_cut_and_says_so(compared):
    old, new = "<script>" + random_text(250_000, 1), random_text(250_000, 2) + "<script>"
    (row,) = diff.diff_snapshots({"description": old}, {"description": new}, only_changed=True)
    assert row.notice == (
        "Texte trop long pour un comparatif : la partie modifiée est montrée en entier."
    )
    # Nothing is lost, and everything is escaped.
    assert row.old.startswith('<del class="diff-del">&lt;script&gt;')
    assert row.new.endswith("&lt;script&gt;</ins>")
    assert len(row.new) > len(new)
    _assert_bounded(compared, calls=1)


def test_long_texts_are_compared_by_paragraph_within_a_budget(compared):
    old, new = random_text(20_000, 3), random_text(20_000, 4)
    (row,) = diff.diff_snapshots({"results": old}, {"results": new}, only_changed=True)
    assert row.notice == (
        "Texte trop long pour un comparatif mot à mot : différences par paragraphe."
    )
    assert '<ins class="diff-ins">' in row.new
    _assert_bounded(compared, calls=1)


def test_an_edit_in_a_long_text_keeps_the_rest_unmarked(compared):
    old = random_text(100_000, 5)
    new = old.replace("emploi", "travail", 1)
    (row,) = diff.diff_snapshots({"description": old}, {"description": new}, only_changed=True)
    assert row.new.count('<ins class="diff-ins">') == 1
    assert row.notice == ""
    _assert_bounded(compared, calls=1)


def test_409_page_on_long_texts_is_bounded_and_says_so(client, proposal, contributor, compared):
    """The finding: three saves of long descriptions (v, v+1, a stale save at v) took a
    minute of CPU on the 409 page. Long but allowed texts (the limit is 20 000 characters)."""
    from cahier.contributions import services

    texts = [random_text(19_000, seed) for seed in (10, 11, 12)]
    base = services.initiative_save(
        initiative=proposal,
        data=complete_data(description=texts[0]),
        actor=contributor,
        expected_version=proposal.version,
    )
    services.initiative_save(
        initiative=base,
        data=complete_data(description=texts[1]),
        actor=contributor,
        expected_version=base.version,
    )
    client.force_login(contributor)
    response = client.post(
        f"/mes-initiatives/{proposal.pk}/etape/2/",
        {"version": base.version, "description": texts[2], "added_value": ""},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Texte trop long pour un comparatif mot à mot : différences par paragraphe." in html
    _assert_bounded(compared, calls=2)

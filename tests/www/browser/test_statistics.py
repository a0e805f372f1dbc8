"""« Statistiques » in a real browser, on the real 2019 cahier: readable at 1280 and 375 px,
no serious axe-core violation, the tables reachable from the keyboard."""

import pytest

from tests.browser import axe_violations

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_have_no_serious_violation_on_desktop_and_phone(site, page, phone):
    failures = {}
    for width, tab in (("bureau", page), ("telephone", phone)):
        tab.goto(site + "/statistiques/")
        # Open every data table, so that axe audits them too.
        for summary in tab.locator("details.cahier-chart__data > summary").all():
            summary.click()
        shot(tab, f"{width}-statistiques")
        violations = axe_violations(tab)
        if violations:
            failures[width] = violations
    assert failures == {}


def test_a_data_table_opens_from_the_keyboard(site, page):
    page.goto(site + "/statistiques/")
    summary = page.locator("#regions details > summary")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.get_by_role("table", name="Fiches par région")
    assert table.is_visible()
    # The 2019 cahier: 46 fiches, all published, all counted.
    assert "46 fiches publiées" in page.locator("#regions").inner_text()
    # The longest bar fills the line, and the numbers are written beside the bars.
    widths = page.locator("#regions .cahier-bar").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width)"
    )
    assert max(widths) == pytest.approx(1.0, abs=0.01)

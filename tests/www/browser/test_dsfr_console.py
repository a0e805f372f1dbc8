"""The DSFR's scripts check the markup of its components and say what is missing in the console
(a modal without an accessible name…): at both widths, the header and the menus say nothing."""

import pytest

from tests.browser import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_the_dsfr_finds_nothing_to_say_about_the_header(live_server, browser, viewport):
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    said: list[str] = []
    page.on(
        "console",
        lambda message: (
            said.append(message.text)
            if message.type in {"warning", "error"} and "dsfr" in message.text
            else None
        ),
    )
    try:
        page.goto(live_server.url + "/")
        page.wait_for_load_state("networkidle")
        if viewport is PHONE:
            page.locator("#bouton-recherche").click()
            assert page.locator("#modal-recherche").is_visible()
    finally:
        context.close()
    assert said == []

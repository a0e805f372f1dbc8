"""The contact's name (issue 15) in a real browser, at 1280 and 375 px: the holder types a
contact with its name on the « Pour essaimer » step, the curator sees it on the full form,
and the published fiche shows the name of the public contact only. Each page passes axe;
screenshots of the three contact blocks."""

import shutil
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, axe_violations, log_in

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots/contacts")


def _shot(locator, name: str, width: int) -> None:
    # The block alone (the pages are long); caret="initial" as tests.browser.screenshot says.
    path = ARTIFACTS / f"contacts-{name}-{width}.png"
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(path), caret="initial")
    if SHOTS.is_dir():  # the lead's review folder, when there is one
        shutil.copy(path, SHOTS / path.name)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_a_contact_name_from_the_holder_to_the_fiche(live, browser, viewport, open_call_cast):
    from cahier.catalogue.enums import ContactRole
    from cahier.catalogue.models import Initiative
    from cahier.contributions import services
    from tests.contributions.factories import complete_data

    width = viewport["width"]
    referent = {
        "role": ContactRole.REFERENT,
        "name": "Claire Martin",
        "organisation": "DREETS Bretagne",
        "service": "Pôle 3E",
        "email": "claire.martin@dreets.example",
        "phone": "",
        "public": False,
    }
    proposal = services.initiative_save(
        data=complete_data(contacts=[referent]),
        actor=open_call_cast.holder,
        call=open_call_cast.call,
    )
    # One browser context per person: each signs in (or reads) with cookies of their own.
    contexts = [browser.new_context(locale="fr-FR", viewport=viewport) for _ in range(3)]
    try:
        page = contexts[0].new_page()
        log_in(page, live, "porteur@example.org")
        page.goto(f"{live}/mes-initiatives/{proposal.pk}/etape/6/")
        contacts = page.locator("#records-contacts")
        assert "Claire Martin" not in contacts.inner_text()  # the curators' contact
        page.fill("input[name=contacts-0-name]", "Marie Dupont")
        page.fill("input[name=contacts-0-organisation]", "Association Roue Libre")
        page.fill("input[name=contacts-0-service]", "Chargée de mission")
        page.fill("input[name=contacts-0-email]", "marie.dupont@roue-libre.example")
        page.fill("input[name=contacts-0-phone]", "02 99 00 00 00")
        page.locator("label[for=id_contacts-0-public]").click()  # DSFR checkbox
        assert axe_violations(page) == []
        _shot(contacts, "etape", width)
        page.get_by_role("button", name="Enregistrer et continuer").click()
        page.wait_for_load_state()
        holder = Initiative.objects.get(pk=proposal.pk).contacts[0]
        assert (holder["name"], holder["public"]) == ("Marie Dupont", True)

        office = contexts[1].new_page()
        log_in(office, live, "curatrice@example.org")
        office.goto(f"{live}/curation/initiatives/{proposal.pk}/modifier/")
        contacts = office.locator("#records-contacts")
        assert office.input_value("input[name=contacts-0-name]") == "Marie Dupont"
        assert axe_violations(office) == []
        _shot(contacts, "curation", width)

        fiche = services.initiative_transition(
            initiative=Initiative.objects.get(pk=proposal.pk),
            to="submitted",
            actor=open_call_cast.holder,
        )
        services.initiative_transition(
            initiative=fiche, to="published", actor=open_call_cast.curator
        )
        reader = contexts[2].new_page()
        reader.goto(f"{live}{fiche.get_absolute_url()}")
        block = reader.locator(".cahier-contacts")
        text = block.inner_text()
        assert "Marie Dupont, Association Roue Libre, Chargée de mission" in text
        assert "Claire Martin" not in reader.content()
        assert "DREETS Bretagne, Pôle" in text
        assert axe_violations(reader) == []
        _shot(block, "fiche", width)
    finally:
        for context in contexts:
            context.close()

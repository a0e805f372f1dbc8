"""Issue 10's journey, end to end in a real browser on the 2019 cahier: a reader finds fiche 1
and asks to be put in touch (the holder and the referent each get the message, with the
reader as Reply-To and without the other's address); the reader proposes a replication of
fiche 1, a curator publishes it, fiche 1 shows « essaimé dans 1 territoire »; a subscriber to
the region of the replication gets exactly one e-mail, and a second run of the sender none."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from tests.browser import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER = "lea.martin@ville-lorient.example"
HOLDER = "direction@toit-emploi.example"
REFERENT = "pole3e@dreets-ara.example"
SUBSCRIBER = "veille@dreets-bretagne.example"


@pytest.fixture
def site(live_server, transactional_db, browser):
    call_command(
        "import",
        str(settings.CAHIER_DEFAULT_DOCUMENT),
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    cache.clear()  # rate limits of earlier tests
    return live_server.url


def _fiche_one_with_contacts():
    from cahier.catalogue.models import Initiative
    from cahier.catalogue.services import InitiativeData, initiative_update
    from cahier.editions.selectors import edition_current, initiatives_with_number

    fiche = next(
        i
        for i in initiatives_with_number(Initiative.objects.published(), edition_current())
        if i.number == 1
    )
    data = InitiativeData.from_initiative(fiche)
    data.contacts = [
        {"role": "porteur", "organisation": "Association Aurore", "service": "Direction",
         "email": HOLDER, "phone": "", "public": False},
        {"role": "referent", "organisation": "DREETS Auvergne-Rhône-Alpes", "service": "Pôle 3E",
         "email": REFERENT, "phone": "", "public": False},
    ]  # fmt: skip
    return initiative_update(initiative=fiche, data=data, expected_version=fiche.version)


def _subscribe_to_brittany(page, live):
    page.goto(f"{live}/alertes/?region=bretagne")
    page.get_by_label("Votre adresse électronique").fill(SUBSCRIBER)
    page.locator("label", has_text="Immédiat").click()
    page.get_by_role("button", name="Me prévenir").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/alertes/confirmer/\S+/)", mail.outbox[-1].body)
    page.goto(live + link.group(1))
    page.get_by_role("button", name="Confirmer mon alerte").click()
    page.wait_for_load_state()


def _ask_to_be_put_in_touch(page, live, fiche):
    page.goto(f"{live}/initiatives/?q={fiche.title}")
    page.get_by_role("link", name=fiche.title).first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Je souhaite m’inspirer de ce projet").click()
    page.wait_for_load_state()
    assert HOLDER not in page.content() and REFERENT not in page.content()
    page.get_by_label("Votre nom").fill("Léa Martin")
    page.get_by_label("Votre organisme").fill("Ville de Lorient")
    page.get_by_label("Votre adresse électronique").fill(READER)
    page.get_by_label("Votre message").fill("Pourrions-nous visiter votre projet en mars ?")
    page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state()


def _propose_replication(page, live, origin_title):
    """The reader, now signed in with the address they wrote from, proposes their project;
    the first step offers to link it to the fiche they contacted."""
    page.goto(f"{live}/proposer/")
    page.get_by_role("link", name="Commencer une proposition").click()
    page.wait_for_load_state()
    # DSFR radios are drawn by their label, which takes the click.
    page.locator("label", has_text=f"Oui, c’est un essaimage de «\u00a0{origin_title}").click()
    page.fill("input[name=title]", "Un toit, un emploi à Lorient")
    page.select_option("select[name=region]", label="Bretagne")
    page.fill("input[name=territory]", "Lorient Agglomération")
    continue_button = page.get_by_role("button", name="Enregistrer et continuer")
    fills = {
        "textarea[name=description]": "Un logement et un emploi pour des personnes sans abri.",
        "input[name=porteur]": "CCAS de Lorient",
        "textarea[name=public]": "Personnes sans domicile éloignées de l'emploi",
        "textarea[name=referent_emails]": "insertion@ccas-lorient.example",
    }
    for _ in range(8):  # through the steps, whatever their number
        continue_button.click()
        page.wait_for_load_state()
        for selector, value in fills.items():
            if page.locator(selector).count():
                page.fill(selector, value)
        send = page.get_by_role("button", name="Envoyer ma proposition")
        if send.count():
            assert send.is_enabled(), page.inner_text("main")
            send.click()
            page.wait_for_load_state()
            return
    raise AssertionError("la proposition n'a pas pu être envoyée")


def test_essaimage_journey(site, browser, monkeypatch):
    from cahier.catalogue.models import Initiative
    from cahier.contacts import tokens
    from cahier.contributions import accounts, services
    from tests.contributions.factories import UserFactory

    monkeypatch.setattr(tokens, "MIN_FILL_SECONDS", 0)  # tested on its own; not a robot here
    live = site
    origin = _fiche_one_with_contacts()
    curator = UserFactory(username="curatrice@example.org", email="curatrice@example.org")
    accounts.curator_grant(user=curator)
    UserFactory(username=READER, email=READER)
    services.call_save(
        actor=curator,
        title="Appel 2026",
        text="Proposez vos initiatives.",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=30),
    )
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    office = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _subscribe_to_brittany(page, live)

        # The reader asks to be put in touch with fiche 1's holder.
        mail.outbox.clear()
        _ask_to_be_put_in_touch(page, live, origin)
        assert axe_violations(page) == []
        by_recipient = {tuple(message.to): message for message in mail.outbox}
        for address, other in ((HOLDER, REFERENT), (REFERENT, HOLDER)):
            message = by_recipient[(address,)]
            assert message.reply_to == [READER]
            assert other not in message.body and other not in str(message.message())
        assert (READER,) in by_recipient  # the reader's copy

        # The reader proposes a replication of fiche 1; a curator publishes it.
        log_in(page, live, READER)
        _propose_replication(page, live, origin.title)
        replication = Initiative.objects.get(title="Un toit, un emploi à Lorient")
        assert replication.replication_of_id == origin.pk
        curator_page = office.new_page()
        log_in(curator_page, live, "curatrice@example.org")
        curator_page.goto(f"{live}/curation/initiatives/{replication.pk}/")
        curator_page.get_by_role("button", name="Publier").click()
        curator_page.wait_for_load_state()
        replication.refresh_from_db()
        assert replication.status == "published"

        # Fiche 1 shows its replication.
        page.goto(f"{live}{origin.get_absolute_url()}")
        assert re.search(r"[Ee]ssaimé dans 1\s+territoire\b", page.inner_text("main"))
        assert page.get_by_role("link", name="Un toit, un emploi à Lorient").count()
        assert axe_violations(page) == []

        # The Brittany subscriber hears of it once.
        mail.outbox.clear()
        call_command("alerts", "send", stdout=io.StringIO())
        alerts = [message for message in mail.outbox if message.to == [SUBSCRIBER]]
        assert len(alerts) == 1 and "Un toit, un emploi à Lorient" in alerts[0].body
        mail.outbox.clear()
        call_command("alerts", "send", stdout=io.StringIO())
        assert [message for message in mail.outbox if message.to == [SUBSCRIBER]] == []
    finally:
        context.close()
        office.close()

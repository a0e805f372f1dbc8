"""Fixtures of the contacts tests: a fiche with a holder and a current referent, a fiche with
only its 2019 DIRECCTE address, and a way to post the contact form as a person would."""

import time

import pytest
from django.core.cache import cache

from cahier.catalogue.enums import ContactRole
from cahier.contacts import tokens
from tests.catalogue.factories import InitiativeFactory

HOLDER = "direction@horizon.example"
REFERENT = "pole3e@dreets.example"
REQUESTER = "lea.martin@lorient.example"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fiche(db):
    """Holder and State referent set (the factory's kit), plus the 2019 DIRECCTE address."""
    return InitiativeFactory(slug="garage-solidaire", title="Garage solidaire", with_kit=True)


@pytest.fixture
def legacy_fiche(db):
    """A 2019 fiche: its referent is a DIRECCTE mailbox, in the history and in a contact."""
    return InitiativeFactory(
        slug="fiche-2019",
        title="Fiche de 2019",
        referent_emails=["bretag.direction@direccte.gouv.fr"],
        contacts=[
            {
                "role": ContactRole.REFERENT,
                "organisation": "DIRECCTE Bretagne",
                "email": "bretag.pole3e@direccte.gouv.fr",
            }
        ],
    )


def form_data(**overrides) -> dict:
    """What a person sends: the form shown a minute ago, every field filled."""
    data = {
        "name": "Léa Martin",
        "organisation": "Ville de Lorient",
        "territory": "Lorient",
        "email": REQUESTER,
        "message": "Bonjour, nous voudrions monter un garage solidaire à Lorient.",
        "consent": "on",
        "site_web": "",
        "token": tokens.form_token(now=time.time() - 60),
    }
    data.update(overrides)
    return data

"""Fixtures of the audience tests: a published fiche, a reader's browser, a holder with a
published fiche of their own."""

import pytest

from cahier.contributions import services
from tests.catalogue.factories import InitiativeFactory
from tests.contributions.factories import UserFactory, complete_data

# A reader's browser (Firefox on Windows), as sent by a person opening the fiche.
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def fiche(db):
    return InitiativeFactory(slug="garage-solidaire", title="Garage solidaire")


@pytest.fixture
def read(client):
    """`read("/initiatives/x/", **headers)`: a GET from a reader's browser."""

    def get(url, method="get", **headers):
        headers.setdefault("HTTP_USER_AGENT", BROWSER)
        return getattr(client, method)(url, **headers)

    return get


@pytest.fixture
def holder(db):
    return UserFactory(username="porteur@example.org", email="porteur@example.org")


def holder_fiche(holder, curator, title: str):
    """A fiche proposed by *holder*, published by *curator* through the curation."""
    draft = services.initiative_save(data=complete_data(title=title), actor=holder)
    services.initiative_transition(initiative=draft, to="submitted", actor=holder)
    services.initiative_transition(initiative=draft, to="in_review", actor=curator)
    return services.initiative_transition(initiative=draft, to="published", actor=curator)


@pytest.fixture
def other_holder(db):
    return UserFactory(username="autre@example.org", email="autre@example.org")

"""A reader who wrote to a fiche's people, then proposes their own project: the first step
offers to link it as an essaimage of that fiche, and one tick does it."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cahier.contacts import services
from cahier.contributions import services as contributions
from tests.catalogue.factories import region
from tests.contributions.factories import UserFactory

from .conftest import REQUESTER

pytestmark = pytest.mark.django_db

OFFER = "Vous avez contacté le porteur de «\u00a0Garage solidaire\u00a0»"


@pytest.fixture
def open_call(db):
    curator = UserFactory(username="curatrice", curator=True)
    return contributions.call_save(
        actor=curator,
        title="Appel 2026",
        text="Proposez vos initiatives.",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def requester(client, fiche):
    user = UserFactory(username=REQUESTER, email=REQUESTER)
    services.contact_request_send(
        initiative=fiche,
        requester=services.Requester("Léa", "", "", REQUESTER.upper(), "Bonjour"),
        key="k",
    )
    client.force_login(user)
    cache.clear()
    return user


def _step1(**extra):
    return {"title": "Garage solidaire de Lorient", "region": region("bretagne").pk, **extra}


def test_the_first_step_offers_the_fiche_contacted_and_one_tick_links_it(
    client, requester, fiche, open_call
):
    page = unescape(client.get(reverse("contributions:start")).content.decode())
    assert OFFER in page
    response = client.post(reverse("contributions:start"), _step1(essaimage_de=str(fiche.pk)))
    assert response.status_code == 302
    from cahier.catalogue.models import Initiative

    draft = Initiative.objects.get(title="Garage solidaire de Lorient")
    assert draft.replication_of == fiche
    # Linked: the offer is not made again on step 1.
    step1 = client.get(reverse("contributions:step", kwargs={"pk": draft.pk, "step": 1}))
    assert OFFER not in unescape(step1.content.decode())


def test_answering_no_links_nothing(client, requester, fiche, open_call):
    from cahier.catalogue.models import Initiative

    client.post(reverse("contributions:start"), _step1(essaimage_de=""))
    draft = Initiative.objects.get(title="Garage solidaire de Lorient")
    assert draft.replication_of is None
    step1 = client.get(reverse("contributions:step", kwargs={"pk": draft.pk, "step": 1}))
    assert OFFER in unescape(step1.content.decode())  # still offered until answered yes


def test_no_offer_without_a_request_nor_on_later_steps(client, fiche, open_call):
    client.force_login(UserFactory(username="autre@example.org", email="autre@example.org"))
    assert OFFER not in unescape(client.get(reverse("contributions:start")).content.decode())


def test_an_unpublished_origin_posted_by_hand_is_ignored(client, requester, fiche, open_call):
    from cahier.catalogue.models import Initiative
    from tests.catalogue.factories import InitiativeFactory

    hidden = InitiativeFactory(slug="cachee", draft=True)
    client.post(reverse("contributions:start"), _step1(essaimage_de=str(hidden.pk)))
    assert Initiative.objects.get(title="Garage solidaire de Lorient").replication_of is None

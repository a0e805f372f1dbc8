"""The Django admin writes nothing that has a service flow (issue 9): initiatives, calls,
events and the history are read-only there, with a link to the curation page."""

import pytest
from django.urls import reverse

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import Initiative, Keyword
from cahier.catalogue.services import InitiativeData
from cahier.search.engine import SearchQuery, search
from tests.catalogue import factories as f
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.fixture
def initiative():
    data = InitiativeData(title="Garage solidaire", region=f.region("bretagne"))
    return services.initiative_create(data=data, status=PublicationStatus.PUBLISHED)


def test_an_initiative_cannot_be_saved_through_the_admin(admin_client, initiative):
    # Before: the admin saved the fiche directly, with no revision, audit entry or workflow.
    url = reverse("admin:catalogue_initiative_change", args=[initiative.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("curation:edit", kwargs={"pk": initiative.pk}) in html
    assert 'name="_save"' not in html
    response = admin_client.post(
        url,
        {
            "title": "Changé dans l'admin",
            "region": initiative.region_id,
            "slug": initiative.slug,
            "status": initiative.status,
            "version": initiative.version,
        },
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.title == "Garage solidaire"
    assert admin_client.get(reverse("admin:catalogue_initiative_add")).status_code == 403


def test_calls_and_events_point_to_the_curation_pages(admin_client):
    event = f.EventFactory()
    html = admin_client.get(reverse("admin:catalogue_event_changelist")).content.decode()
    assert reverse("curation:event_edit", kwargs={"pk": event.pk}) in html
    assert admin_client.get(reverse("admin:contributions_call_add")).status_code == 403


def test_deleting_a_keyword_in_the_admin_takes_it_out_of_the_search(admin_client):
    keyword = f.KeywordFactory(label="Zythologie", slug="zythologie")
    data = InitiativeData(title="Garage solidaire", region=f.region("bretagne"), keywords=[keyword])
    services.initiative_create(data=data, status=PublicationStatus.PUBLISHED)
    assert [hit.title for hit in search(SearchQuery(q="zythologie")).hits] == ["Garage solidaire"]
    response = admin_client.post(
        reverse("admin:catalogue_keyword_delete", args=[keyword.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Keyword.objects.exists()
    assert Initiative.objects.get().keywords.count() == 0
    assert search(SearchQuery(q="zythologie")).hits == []


def test_renaming_an_organisation_in_the_admin_reindexes_its_fiches(admin_client):
    data = InitiativeData(
        title="Atelier partagé", region=f.region("bretagne"), porteur="Association Roue Libre"
    )
    initiative = services.initiative_create(data=data, status=PublicationStatus.PUBLISHED)
    organisation = initiative.porteur
    response = admin_client.post(
        reverse("admin:catalogue_organisation_change", args=[organisation.pk]),
        {"name": "Zythologues associés"},
    )
    assert response.status_code == 302
    assert [hit.title for hit in search(SearchQuery(q="zythologues")).hits] == ["Atelier partagé"]


def test_an_edition_is_read_only_in_the_admin_and_points_to_the_composer(admin_client):
    from tests.editions.factories import EditionFactory

    edition = EditionFactory(slug="cahier-2027", year=2027)
    url = reverse("admin:editions_edition_change", args=[edition.pk])
    html = admin_client.get(url).content.decode()
    assert 'href="/editions/cahier-2027/composer/"' in html
    response = admin_client.post(url, {"title": "Changé dans l'admin", "year": 2027})
    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.title != "Changé dans l'admin"

"""One roles module: a curator made by `cahier curator add` may do every curator action."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cahier.catalogue.enums import PublicationStatus
from cahier.core import roles
from tests.contributions.factories import UserFactory
from tests.editions.factories import EditionFactory


@pytest.fixture
def commanded_curator(db):
    """A plain account made curator by the command, as the README tells an admin to do."""
    user = UserFactory(username="camille@example.org", email="camille@example.org")
    call_command("curator", "add", "camille@example.org")
    user.refresh_from_db()
    return user


def test_a_curator_made_by_the_command_reaches_curation_and_the_editions(client, commanded_curator):
    # Before: 200 on /curation/ but 403 on the editions pages (they asked is_staff).
    edition = EditionFactory(slug="cahier-2026", year=2026)
    client.force_login(commanded_curator)
    for url in (
        reverse("curation:queue"),
        reverse("editions:create"),
        reverse("editions:compose", kwargs={"slug": edition.slug}),
    ):
        assert client.get(url).status_code == 200, url


def test_staff_status_alone_is_not_a_role(client, db):
    staff = UserFactory(username="equipe@example.org", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("editions:create")).status_code == 403
    assert client.get(reverse("curation:queue")).status_code == 403


def test_the_command_grants_every_action_and_remove_takes_them_back(commanded_curator):
    assert all(roles.can(commanded_curator, action) for action in roles.Action)
    call_command("curator", "remove", "camille@example.org")
    commanded_curator = type(commanded_curator).objects.get(pk=commanded_curator.pk)
    assert not any(roles.can(commanded_curator, action) for action in roles.Action)


def test_an_inactive_curator_may_do_nothing(commanded_curator):
    commanded_curator.is_active = False
    commanded_curator.save()
    assert not roles.is_curator(commanded_curator)


def test_contributor_editable_states_are_publication_statuses():
    # core.roles imports no app, so it names the statuses by value: keep them in step.
    assert {
        PublicationStatus.DRAFT,
        PublicationStatus.CHANGES_REQUESTED,
    } == roles.CONTRIBUTOR_EDITABLE


def test_templates_ask_the_context_processor(client, commanded_curator):
    client.force_login(commanded_curator)
    page = client.get(reverse("contributions:mine")).content.decode()
    assert reverse("curation:home") in page


def test_curators_told_of_proposals_are_those_holding_the_permission(commanded_curator):
    UserFactory(username="equipe@example.org", is_staff=True)
    UserFactory(username="lecteur@example.org")
    assert list(roles.users_who_can(roles.Action.CURATE)) == [commanded_curator]


def test_one_permission_per_action_composing_is_not_publishing(client, db):
    from django.contrib.auth.models import Permission

    composer = UserFactory(username="composition@example.org")
    composer.user_permissions.add(Permission.objects.get(codename=roles.Action.COMPOSE_EDITION))
    edition = EditionFactory(slug="cahier-2026", year=2026)
    client.force_login(composer)
    assert client.get(reverse("editions:compose", kwargs={"slug": edition.slug})).status_code == 200
    url = reverse("editions:publish", kwargs={"slug": edition.slug})
    assert client.post(url, {"action": "publish"}).status_code == 403
    edition.refresh_from_db()
    assert not edition.is_published
    assert client.get(reverse("curation:queue")).status_code == 403


def test_the_curation_menu_offers_only_what_the_role_allows(client, commanded_curator):
    from django.contrib.auth.models import Permission

    client.force_login(commanded_curator)
    html = client.get(reverse("curation:queue")).content.decode()
    assert reverse("curation:calls") in html and reverse("curation:invite") in html
    reviewer = UserFactory(username="relectrice@example.org")
    reviewer.user_permissions.add(Permission.objects.get(codename=roles.Action.CURATE))
    client.force_login(reviewer)
    html = client.get(reverse("curation:queue")).content.decode()
    assert reverse("curation:calls") not in html and reverse("curation:invite") not in html

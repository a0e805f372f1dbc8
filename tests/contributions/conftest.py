"""Fixtures of the contributions tests: one user per role, an open call, a complete proposal."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cahier.contributions import services
from tests.contributions.factories import UserFactory, complete_data

PASSWORD = "motdepasse-solide-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contributor(db):
    return UserFactory(username="porteur@example.org", email="porteur@example.org")


@pytest.fixture
def other_contributor(db):
    return UserFactory(username="autre@example.org", email="autre@example.org")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="admin@example.org", email="admin@example.org", is_superuser=True, is_staff=True
    )


@pytest.fixture
def open_call(db, curator):
    now = timezone.now()
    return services.call_save(
        actor=curator,
        title="Appel 2026",
        text="Proposez vos initiatives d'inclusion.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )


@pytest.fixture
def proposal(contributor, open_call):
    """A complete draft proposed by `contributor` during `open_call`."""
    return services.initiative_save(data=complete_data(), actor=contributor, call=open_call)


@pytest.fixture
def submitted(proposal, contributor):
    return services.initiative_transition(initiative=proposal, to="submitted", actor=contributor)

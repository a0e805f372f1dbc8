import pytest

from cahier.contributions import accounts
from tests.contributions.factories import UserFactory


@pytest.fixture
def curator(db):
    """A curator made the way `cahier curator add` makes one (not a staff shortcut)."""
    user = UserFactory(username="curatrice@example.org", email="curatrice@example.org")
    accounts.curator_grant(user=user)
    return user

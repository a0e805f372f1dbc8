import pytest

from cahier.core import roles
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_traits_give_real_roles_not_staff_shortcuts():
    curator = UserFactory(curator=True)
    contributor = UserFactory(contributor=True)
    assert roles.is_curator(curator) and not curator.is_staff
    assert not roles.is_curator(contributor)
    assert contributor.username == contributor.email and "@" in contributor.email

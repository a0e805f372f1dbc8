"""Playwright with Debian's Chromium (/usr/bin/chromium) against pytest-django's live server,
and the set-up every contributions journey starts from."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.browser import artifacts

ARTIFACTS = artifacts("contributions")


@pytest.fixture
def open_call_cast(transactional_db):
    """A curator (curatrice@example.org), a holder with an account (porteur@example.org) and
    a call open for 30 days: `.curator`, `.holder`, `.call`. Both sign in with the factories'
    password (`tests.browser.log_in`)."""
    from django.utils import timezone

    from cahier.contributions import accounts, services
    from tests.contributions.factories import UserFactory

    curator = UserFactory(username="curatrice@example.org", email="curatrice@example.org")
    accounts.curator_grant(user=curator)
    holder = UserFactory(username="porteur@example.org", email="porteur@example.org")
    call = services.call_save(
        actor=curator,
        title="Appel 2026",
        text="Proposez vos initiatives.",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=30),
    )
    return SimpleNamespace(curator=curator, holder=holder, call=call)

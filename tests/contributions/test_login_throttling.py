"""Failed log-ins are counted in the database (django-axes), per account and per address: no
cache eviction resets them, the right password is refused during the lockout, which ends."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client

from cahier.core.http import client_ip
from tests.contributions.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Trop de tentatives de connexion infructueuses"


def _login(client, username, password, **extra):
    return client.post("/connexion/", {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_account_even_when_the_cache_is_emptied(client, contributor):
    for attempt in range(11):
        response = _login(client, contributor.username, f"faux-{attempt}")
        assert response.status_code in {200, 429}, attempt
        # The old counters lived in a file cache that culls its entries (finding 3).
        cache.clear()
    # The right password: refused, on the log-in page, with the reason in French.
    response = _login(client, contributor.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "15\u00a0minutes" in html
    assert 'name="password"' in html  # the DSFR log-in page, not a bare error
    assert client.get("/mes-initiatives/").status_code == 302  # not signed in


def test_the_account_is_locked_from_every_address(client, contributor):
    for attempt in range(10):
        _login(
            client, contributor.username.upper(), f"faux-{attempt}", REMOTE_ADDR=f"10.0.0.{attempt}"
        )
    response = _login(Client(), contributor.username, PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429


def test_one_address_is_locked_across_accounts(client, contributor, other_contributor):
    for attempt in range(10):
        _login(client, f"inconnu{attempt}@example.org", "faux", REMOTE_ADDR="192.0.2.7")
    response = _login(client, contributor.username, PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    # Another address logs in.
    assert _login(Client(), other_contributor.username, PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, contributor, settings):
    for attempt in range(10):
        _login(client, contributor.username, f"faux-{attempt}")
    assert _login(client, contributor.username, PASSWORD).status_code == 429
    # Time passes: the attempts are older than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(minutes=1)
    )
    assert _login(client, contributor.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, contributor):
    for attempt in range(9):
        _login(client, contributor.username, f"faux-{attempt}")
    assert _login(client, contributor.username, PASSWORD).status_code == 302
    client.post("/deconnexion/")
    for attempt in range(9):
        _login(client, contributor.username, f"faux-{attempt}")
    assert _login(client, contributor.username, PASSWORD).status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_added(rf, settings):
    settings.CAHIER_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.9"
    settings.CAHIER_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"

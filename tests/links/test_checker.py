"""The network side of the link checker against the local server (tests/links/conftest.py)."""

import time

from cahier.links import checker
from cahier.links.checker import CheckOptions, check_urls
from cahier.links.enums import LinkStatus

# Fast but not hair-trigger: the test machine is shared and slow.
FAST = CheckOptions(timeout=5, concurrency=4, per_host=2, delay=0, backoff=0.05, allow_private=True)


def check(url, **changes):
    options = CheckOptions(**{**FAST.__dict__, **changes})
    return check_urls([url], options)[url]


def test_a_page_that_answers_200_is_ok(server):
    outcome = check(server.url("/ok"))
    assert (outcome.status, outcome.http_code, outcome.message) == (LinkStatus.OK, 200, "")
    assert server.received("/ok") == ["HEAD"]  # HEAD is enough, the body is not fetched


def test_a_permanent_redirect_is_followed_and_reported_with_its_final_address(server):
    outcome = check(server.url("/moved"))
    assert outcome.status == LinkStatus.REDIRECT
    assert outcome.http_code == 200
    assert outcome.final_url == server.url("/ok")
    assert "définitivement" in outcome.message


def test_a_missing_page_is_broken_with_its_code_and_a_french_reason(server):
    outcome = check(server.url("/missing"))
    assert (outcome.status, outcome.http_code) == (LinkStatus.BROKEN, 404)
    assert outcome.message == "Le serveur répond 404 (page introuvable)."


def test_a_server_slower_than_the_timeout_is_a_timeout_and_the_check_does_not_wait(server):
    server.slow_seconds = 3
    started = time.monotonic()
    outcome = check(server.url("/slow"), timeout=0.5)
    assert outcome.status == LinkStatus.TIMEOUT
    assert outcome.message == "Pas de réponse en 0,5\u00a0s."
    assert time.monotonic() - started < 2.5


def test_https_on_a_server_that_does_not_speak_tls_is_a_tls_error(server):
    outcome = check(server.url("/ok", scheme="https"))
    assert outcome.status == LinkStatus.TLS_ERROR
    assert "TLS" in outcome.message


def test_429_waits_for_retry_after_then_retries(server):
    started = time.monotonic()
    outcome = check(server.url("/busy/1"))
    assert outcome.status == LinkStatus.OK
    assert server.received("/busy/1") == ["HEAD", "HEAD"]
    assert time.monotonic() - started >= 0.9  # Retry-After: 1 respected


def test_retry_after_is_bounded(server):
    started = time.monotonic()
    outcome = check(server.url("/busy/3600"), max_retry_after=0.2)
    assert outcome.status == LinkStatus.OK
    assert time.monotonic() - started < 3


def test_a_5xx_is_retried_with_backoff_and_reported_when_it_persists(server):
    assert check(server.url("/flaky")).status == LinkStatus.OK
    outcome = check(server.url("/down"), retries=2)
    assert (outcome.status, outcome.http_code) == (LinkStatus.BROKEN, 503)
    assert server.received("/down") == ["HEAD", "HEAD", "HEAD"]


def test_head_refused_falls_back_to_get(server):
    outcome = check(server.url("/no-head"))
    assert (outcome.status, outcome.http_code) == (LinkStatus.OK, 200)
    assert server.received("/no-head") == ["HEAD", "GET"]


def test_at_most_two_requests_at_a_time_on_one_host(server):
    urls = [server.url(f"/slot/{n}") for n in range(8)]
    outcomes = check_urls(urls, CheckOptions(**{**FAST.__dict__, "concurrency": 8}))
    assert {outcome.status for outcome in outcomes.values()} == {LinkStatus.OK}
    assert server.max_active == 2


def test_a_redirect_loop_stops_at_the_limit(server):
    outcome = check(server.url("/loop"), max_redirects=3)
    assert outcome.status == LinkStatus.ERROR
    assert "Plus de 3 redirections" in outcome.message
    assert len(server.received("/loop")) == 4


def test_a_redirect_to_another_scheme_is_not_followed(server):
    outcome = check(server.url("/to-ftp"))
    assert outcome.status == LinkStatus.ERROR
    assert "n’est pas une adresse web" in outcome.message


def test_the_user_agent_names_the_checker(server):
    check(server.url("/ok"), user_agent="cahier-link-checker (+https://cahier.example.gouv.fr)")
    assert server.requests[0][2] == "cahier-link-checker (+https://cahier.example.gouv.fr)"


def test_private_and_loopback_addresses_are_refused_unless_allowed(server):
    for url in (server.url("/ok"), server.url("/ok").replace("127.0.0.1", "localhost")):
        outcome = check(url, allow_private=False)
        assert outcome.status == LinkStatus.ERROR
        assert "adresse privée ou locale" in outcome.message
    assert server.requests == []  # nothing reached the server


def test_a_vetted_name_is_connected_to_by_its_checked_address(server, monkeypatch):
    """Outside tests the checker connects to the IP it vetted, not to a second DNS answer
    (rebinding); the name still goes in the Host header and the TLS handshake."""
    monkeypatch.setattr(checker, "_is_public", lambda address: address.is_loopback)
    url = server.url("/moved").replace("127.0.0.1", "localhost")
    outcome = check(url, allow_private=False)
    port = server.server_address[1]
    assert (outcome.status, outcome.final_url) == (
        LinkStatus.REDIRECT,
        f"http://localhost:{port}/ok",
    )
    assert server.hosts == [f"localhost:{port}", f"localhost:{port}"]
    tls = check(url.replace("http://", "https://"), allow_private=False)
    assert tls.status == LinkStatus.TLS_ERROR


def test_an_unreachable_server_is_an_error(server):
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    outcome = check(f"http://127.0.0.1:{port}/ok", retries=1)
    assert outcome.status == LinkStatus.ERROR
    assert outcome.message.startswith("Serveur injoignable")


def test_the_same_address_twice_is_checked_once(server):
    url = server.url("/ok")
    assert list(check_urls([url, url], FAST)) == [url]
    assert server.received("/ok") == ["HEAD"]


def test_an_unexpected_failure_on_one_link_does_not_stop_the_others(server, monkeypatch):
    follow = checker._Checker._follow

    async def fragile(self, url):
        if url.endswith("/boom"):
            raise RuntimeError("unexpected")
        return await follow(self, url)

    monkeypatch.setattr(checker._Checker, "_follow", fragile)
    outcomes = check_urls([server.url("/boom"), server.url("/ok")], FAST)
    assert outcomes[server.url("/ok")].status == LinkStatus.OK
    assert outcomes[server.url("/boom")].status == LinkStatus.ERROR
    assert outcomes[server.url("/boom")].message == "Vérification impossible (RuntimeError)."

"""Submitted text is stored as typed (plain text) and never reaches a page as markup; rate
limits; production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from cahier.catalogue.enums import PublicationStatus as S
from cahier.contributions import services
from cahier.core.cleaning import clean_text
from tests.catalogue import factories

pytestmark = pytest.mark.django_db

PAYLOAD = (
    '<script>alert("xss")</script><img src=x onerror=alert(1)><b onmouseover=alert(2)>Texte</b>'
)
# As markup: escaped on every page, the payload's words are there but no tag is.
DANGEROUS = ("<script>alert", "<img src=x", "<b onmouse")

# Every text field of the steps, lists included, and the curator-only ones.
STEP_FIELDS = {
    1: {"title": PAYLOAD, "territory": PAYLOAD},
    2: {"description": PAYLOAD, "added_value": f"{PAYLOAD}\n- {PAYLOAD}"},
    3: {
        "porteur": PAYLOAD,
        "public": PAYLOAD,
        "partners": PAYLOAD,
        "links": "https://example.org/fiche",
        "referent_emails": "referent@example.org",
    },
    4: {"results": PAYLOAD},
}


def _assert_clean(html: str):
    for needle in DANGEROUS:
        assert needle not in html, needle


def test_clean_text_keeps_plain_text_as_typed():
    assert clean_text(PAYLOAD) == PAYLOAD
    assert clean_text("Salariés < 26 ans & seniors") == "Salariés < 26 ans & seniors"
    assert clean_text("<p>Un</p>\r\n\r\n<p>Deux</p>") == "<p>Un</p>\n\n<p>Deux</p>"


def test_markup_in_every_field_is_stored_as_text_and_never_rendered(
    client, proposal, contributor, curator
):
    client.force_login(contributor)
    for step, fields in STEP_FIELDS.items():
        proposal.refresh_from_db()
        data = {"version": proposal.version, **fields}
        if step == 1:
            data["region"] = proposal.region_id
        response = client.post(f"/mes-initiatives/{proposal.pk}/etape/{step}/", data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    proposal.refresh_from_db()
    stored = [
        proposal.title,
        proposal.territory,
        proposal.description,
        proposal.porteur_label,
        proposal.public,
        proposal.results,
        *proposal.added_value,
        *proposal.partners,
    ]
    assert all(value == PAYLOAD for value in stored), stored
    services.initiative_transition(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    client.post(f"/mes-initiatives/{proposal.pk}/commenter/", {"text": PAYLOAD})
    assert proposal.comments.get().text == PAYLOAD
    services.initiative_transition(
        initiative=proposal, to=S.CHANGES_REQUESTED, actor=curator, reason=PAYLOAD
    )
    # The reason is quoted on the contributor's page, as text.
    pages = [f"/mes-initiatives/{proposal.pk}/apercu/", f"/mes-initiatives/{proposal.pk}/"]
    for url in pages:
        _assert_clean(client.get(url).content.decode())
    client.force_login(curator)
    revision = proposal.revisions.order_by("-id").first()
    for url in [
        reverse("curation:detail", kwargs={"pk": proposal.pk}),
        reverse("curation:edit", kwargs={"pk": proposal.pk}),
        reverse("curation:history", kwargs={"pk": proposal.pk}),
        reverse("curation:revision_diff", kwargs={"pk": proposal.pk, "revision_pk": revision.pk}),
        reverse("curation:journal"),
        "/curation/",
        "/curation/file/",
    ]:
        _assert_clean(client.get(url).content.decode())


def test_line_breaks_in_a_title_cannot_reach_mail_headers(
    proposal, contributor, curator, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    from cahier.catalogue.services import InitiativeData

    data = replace(
        InitiativeData.from_initiative(proposal), title="Garage\r\nBcc: victime@example.org"
    )
    services.initiative_save(
        initiative=proposal, data=data, actor=contributor, expected_version=proposal.version
    )
    proposal.refresh_from_db()
    assert proposal.title == "Garage Bcc: victime@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_transition(initiative=proposal, to=S.SUBMITTED, actor=contributor)
    from django.core import mail

    assert len(mail.outbox) == 2

    assert all("\n" not in m.subject for m in mail.outbox)
    assert all(m.bcc in ([], ["curatrice@example.org"]) for m in mail.outbox)


def test_links_must_be_web_addresses(client, proposal, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/mes-initiatives/{proposal.pk}/etape/3/",
        {"links": "javascript:alert(1)", "version": proposal.version},
    )
    assert response.status_code == 200
    assert "« javascript:alert(1) » n’est pas une adresse web" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.links == ["https://example.org/garage"]


def test_text_that_looks_like_markup_is_escaped_on_output(client, proposal, contributor):
    """What survives cleaning (a lone « < ») is shown escaped, not interpreted."""
    client.force_login(contributor)
    client.post(
        f"/mes-initiatives/{proposal.pk}/etape/4/",
        {"results": "Moins de 5 % <  10 % & plus", "version": proposal.version},
    )
    html = client.get(f"/mes-initiatives/{proposal.pk}/apercu/").content.decode()
    # Escaped, with the French typography of every rendered text (core.prose).
    assert "Moins de 5\u202f% &lt;  10\u202f% &amp; plus" in html


def test_call_and_event_texts_are_stored_as_typed_too(curator):
    from datetime import timedelta

    from django.utils import timezone

    call = services.call_save(
        actor=curator,
        title=PAYLOAD,
        text=PAYLOAD,
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
    )
    assert (call.title, call.text) == (PAYLOAD, PAYLOAD)
    event = services.event_save(
        actor=curator,
        kind="JITE",
        year=2030,
        title=PAYLOAD,
        location="",
        description="",
        date=None,
        categories=[PAYLOAD],
    )
    assert (event.title, event.categories) == (PAYLOAD, [PAYLOAD])


@pytest.mark.parametrize(
    ("group", "url", "data", "limit"),
    [
        (
            "signup",
            "/inscription/",
            {
                "email": "new{}@example.org",
                "password1": "Un-Mot-De-Passe-42",
                "password2": "Un-Mot-De-Passe-42",
            },
            2,
        ),
        ("login", "/mot-de-passe/", {"email": "x@example.org"}, 3),
    ],
)
def test_rate_limits_answer_429(client, settings, group, url, data, limit):
    settings.CAHIER_RATELIMITS = {**settings.CAHIER_RATELIMITS, group: f"{limit}/h"}
    for attempt in range(limit):
        response = client.post(url, {k: v.format(attempt) for k, v in data.items()})
        assert response.status_code in {200, 302}, attempt
    response = client.post(url, {k: v.format(limit) for k, v in data.items()})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    # Reading the page stays possible.
    assert client.get(url).status_code == 200


def test_submission_is_rate_limited_per_user(
    client, settings, contributor, other_contributor, open_call
):
    settings.CAHIER_RATELIMITS = {**settings.CAHIER_RATELIMITS, "submission": "2/h"}
    data = {"title": "Essai", "region": factories.region().pk, "territory": ""}
    client.force_login(contributor)
    assert client.post("/proposer/nouvelle/", data).status_code == 302
    assert client.post("/proposer/nouvelle/", data).status_code == 302
    assert client.post("/proposer/nouvelle/", data).status_code == 429
    client.force_login(other_contributor)
    assert client.post("/proposer/nouvelle/", data).status_code == 302
    cache.clear()


def test_deploy_check_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "cahier.example.org",
        # Without it, www.W001: feeds and share tags would point to 127.0.0.1.
        "CAHIER_BASE_URL": "https://cahier.example.org",
        # Without them, legal.W001: the legal pages would show « [À compléter…] ».
        "CAHIER_PUBLISHER_ADDRESS": "14 avenue Duquesne, 75350 Paris 07 SP",
        "CAHIER_PUBLISHER_DIRECTOR": "Le délégué général à l’emploi",
        "CAHIER_PUBLISHER_EMAIL": "cahier@example.gouv.fr",
        "CAHIER_PUBLISHER_DPO": "dpd@example.gouv.fr",
        "CAHIER_PUBLISHER_HOST": "Hébergeur, 1 rue de l’Exemple, 75000 Paris",
        "CAHIER_SERVER_LOG_RETENTION": "12 mois",
        "DEBUG": "0",
    }
    cahier = Path(sys.executable).with_name("cahier")
    result = subprocess.run(
        [str(cahier), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_and_headers():
    from config.settings import prod

    source = Path(prod.__file__).read_text()
    for setting in (
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
    ):
        assert setting in source


def test_security_headers_on_contributor_pages(client):
    response = client.get("/connexion/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"

"""Security headers on every kind of page: a strict Content-Security-Policy (no inline script,
no outside origin), Permissions-Policy; and no page relies on what the policy refuses."""

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cahier.catalogue.models import Initiative
from cahier.core.http import PERMISSIONS_POLICY
from cahier.editions.models import Edition

pytestmark = pytest.mark.django_db

# Types a browser never runs: data blocks, outside the reach of script-src.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _Inline(HTMLParser):
    """Collects what a strict CSP would refuse: inline scripts, event-handler attributes,
    style attributes and elements, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.data_scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f'<{tag} style="{value}">')
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script" and "src" not in attributes:
            if (attributes.get("type") or "").lower() in DATA_SCRIPT_TYPES:
                self.data_scripts += 1
            else:
                self.problems.append(f"<script {attributes}> without src")


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _assert_headers(response, url):
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"], url
    assert policy["script-src"] == ["'self'"], url
    assert policy["style-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    assert policy["frame-ancestors"] == ["'none'"], url
    for sources in policy.values():
        assert all(source in {"'self'", "'none'", "data:"} for source in sources), (
            f"{url}: {sources}"
        )
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in response.headers["Permissions-Policy"]


def _assert_nothing_inline(response, url) -> _Inline:
    parser = _Inline()
    parser.feed(response.content.decode())
    assert parser.problems == [], url
    return parser


@pytest.fixture
def pages(cahier_2019, curator, client):
    initiative = Initiative.objects.order_by("pk").first()
    edition = Edition.objects.order_by("pk").first()
    public = [
        "/",
        "/initiatives/",
        "/initiatives/?q=mobilit%C3%A9&region=bretagne",
        initiative.get_absolute_url(),
        "/regions/",
        "/regions/bretagne/",
        "/integrer/?region=bretagne",
        "/reperes/",
        "/glossaire/",
        "/a-propos/",
        "/editions/",
        reverse("editions:detail", kwargs={"slug": edition.slug}),
        "/api/v1/",
        "/api/v1/docs",
        "/connexion/",
        "/inscription/",
        "/mot-de-passe/",
        "/proposer/",
        "/page-qui-n-existe-pas/",
        "/admin/login/",
    ]
    curation = [
        "/mes-initiatives/",
        "/curation/",
        f"/curation/initiatives/{initiative.pk}/",
        f"/curation/initiatives/{initiative.pk}/modifier/",
        f"/curation/initiatives/{initiative.pk}/historique/",
        "/curation/appels/",
        "/curation/appels/nouveau/",
        "/curation/evenements/",
        "/curation/contributeurs/inviter/",
        "/curation/journal/",
        reverse("editions:compose", kwargs={"slug": edition.slug}),
        "/editions/nouvelle/",
    ]
    return public, curation


def test_every_kind_of_page_sends_the_policies_and_inlines_nothing(client, curator, pages):
    public, curation = pages
    seen_json_ld = False
    for url in public:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        _assert_headers(response, url)
        seen_json_ld |= _assert_nothing_inline(response, url).data_scripts > 0
    assert seen_json_ld  # the fiche page's JSON-LD, a data block the policy lets through
    client.force_login(curator)
    for url in curation:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_headers(response, url)
        _assert_nothing_inline(response, url)


def test_htmx_fragments_files_and_the_api_send_the_policies(client, cahier_2019):
    fragment = client.get("/initiatives/?q=emploi", headers={"HX-Request": "true"})
    _assert_headers(fragment, "fragment")
    _assert_nothing_inline(fragment, "fragment")
    for url in ("/api/v1/initiatives", "/api/v1/openapi.json", "/api/v1/exports/initiatives.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_headers(response, url)


def test_the_api_docs_load_nothing_from_outside(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html


def _prod_settings(**env) -> str:
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "ALLOWED_HOSTS": "cahier.example.org",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip() + result.stderr


def test_production_settings_ignore_debug():
    assert _prod_settings(DEBUG="1", SECRET_KEY="x" * 64) == "False"


def test_production_settings_refuse_the_development_key_that_debug_would_give():
    output = _prod_settings(DEBUG="1", SECRET_KEY="")
    assert "ImproperlyConfigured" in output
    assert "SECRET_KEY est obligatoire" in output

"""The embeddable list (/integrer/liste/) and its builder (/integrer/): what it shows, the
parameters it refuses and how, the only page other sites may frame, its caches."""

import re

import pytest
from django.core.cache import cache

from cahier.catalogue.enums import EventKind
from tests.catalogue import factories as f

pytestmark = pytest.mark.django_db

EMBED = "/integrer/liste/"


@pytest.fixture
def catalogue():
    mobility = f.KeywordFactory(label="Mobilité", slug="mobilite")
    youth = f.PublicTypeFactory(label="Jeunes", slug="jeunes")
    event = f.EventFactory(kind=EventKind.JITE, year=2018)
    fiches = [
        f.InitiativeFactory(
            slug=f"bretagne-{n}",
            title=f"Garage solidaire {n}",
            region=f.region("bretagne"),
            territory=f"Pays de Brest {n}",
            description=f"Des voitures réparées pour aller au travail, atelier {n}.",
            keywords=[mobility],
            publics=[youth] if n == 1 else [],
            event=event,
        )
        for n in range(1, 4)
    ]
    fiches.append(
        f.InitiativeFactory(
            slug="occitanie-1", title="Jardin d'insertion", region=f.region("occitanie")
        )
    )
    f.InitiativeFactory(slug="brouillon", title="Brouillon breton", draft=True)
    cache.clear()
    return fiches


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.postgres
def test_the_list_shows_the_fiches_with_links_back(client, catalogue):
    response = client.get(EMBED, {"region": "bretagne", "nombre": "5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="cahier-embed__title">Initiatives inclusion\u00a0: Bretagne</h1>' in html
    assert "3 initiatives" in html
    for n in range(1, 4):
        assert f'<a href="/initiatives/bretagne-{n}/" target="_blank" rel="noopener"' in html
        assert f"Pays de Brest {n}" in html
        assert f"atelier {n}" in html
    assert "Jardin d" not in html and "Brouillon" not in html
    # The whole search, with the same criteria, in a new window too.
    assert re.search(r'href="/initiatives/\?region=bretagne" target="_blank"', html)
    assert 'data-fr-theme="light"' in html
    assert "<script" not in html and " style=" not in html


def test_the_count_is_bounded_and_the_total_stays_visible(client, catalogue):
    html = client.get(EMBED, {"mot_cle": "mobilite", "nombre": "2"}).content.decode()
    assert html.count('class="fr-card__title"') == 2
    assert "2 sur 3 initiatives" in html
    assert "Voir les 3 initiatives" in html
    assert 'href="/initiatives/?mot_cle=mobilite"' in html


@pytest.mark.postgres
def test_words_filters_and_dark_theme(client, catalogue):
    html = client.get(
        EMBED, {"q": "voitures", "public": "jeunes", "theme": "sombre"}
    ).content.decode()
    assert html.count('class="fr-card__title"') == 1
    assert "Initiatives inclusion\u00a0: Jeunes, «\u00a0voitures\u00a0»" in html
    assert "<mark>voitures</mark>" in html
    assert 'data-fr-theme="dark"' in html


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"region": "atlantide"},
            "Valeur inconnue pour le paramètre « region » (région) : « atlantide ».",
        ),
        ({"mot_cle": "zzz"}, "Valeur inconnue pour le paramètre « mot_cle » (mot-clé) : « zzz »."),
        ({"nombre": "0"}, "Le paramètre « nombre » doit être compris entre 1 et 20, pas « 0 »."),
        ({"nombre": "21"}, "Le paramètre « nombre » doit être compris entre 1 et 20, pas « 21 »."),
        ({"nombre": "dix"}, "Le paramètre « nombre » doit être un nombre entier, pas « dix »."),
        (
            {"theme": "rose"},
            "Thème inconnu pour le paramètre «\u00a0theme\u00a0»\u00a0: «\u00a0rose\u00a0» (thèmes possibles\u00a0: clair, sombre).",
        ),
        ({"tri": "hasard"}, "Tri inconnu pour le paramètre « tri » : « hasard »"),
    ],
)
def test_a_bad_parameter_is_named_inside_the_frame(client, catalogue, params, message):
    response = client.get(EMBED, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Cette liste d’initiatives ne peut pas s’afficher" in html
    assert 'href="/integrer/"' in html
    # Still frameable: the error shows where the list was expected.
    assert "X-Frame-Options" not in response.headers
    assert "no-cache" in response.headers["Cache-Control"]


def test_only_the_embed_may_be_framed(client, catalogue):
    embed = client.get(EMBED, {"region": "bretagne"})
    assert "X-Frame-Options" not in embed.headers
    assert _csp(embed)["frame-ancestors"] == ["*"]
    # The rest of the policy is the site's.
    assert _csp(embed)["script-src"] == ["'self'"]
    assert _csp(embed)["default-src"] == ["'self'"]
    for url in [
        "/integrer/",
        "/regions/bretagne/",
        "/regions/",
        "/",
        "/initiatives/",
        "/initiatives/bretagne-1/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert _csp(response)["frame-ancestors"] == ["'none'"], url


def test_the_frame_ancestors_are_a_setting(client, catalogue, settings):
    settings.CAHIER_EMBED_FRAME_ANCESTORS = ["https://dreets.example.gouv.fr", "'self'"]
    response = client.get(EMBED)
    assert _csp(response)["frame-ancestors"] == ["https://dreets.example.gouv.fr", "'self'"]
    assert client.get("/integrer/").headers["X-Frame-Options"] == "DENY"


def test_browser_and_server_caches(client, catalogue, django_assert_num_queries):
    first = client.get(EMBED, {"region": "bretagne"})
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    # A revalidation answers 304 without a body.
    again = client.get(EMBED, {"region": "bretagne"}, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    # The server cache serves the same list without touching the database.
    with django_assert_num_queries(0):
        cached = client.get(EMBED, {"region": "bretagne"})
    assert cached.content == first.content
    # Same criteria spelled differently: the same cache entry.
    assert client.get(EMBED, {"region": "bretagne", "nombre": "5"}).headers["ETag"] == etag


@pytest.mark.postgres
def test_a_catalogue_change_reaches_the_cached_list(client, catalogue):
    first = client.get(EMBED, {"region": "bretagne"})
    f.InitiativeFactory(
        slug="bretagne-nouvelle", title="Nouvelle cantine", region=f.region("bretagne")
    )
    after = client.get(
        EMBED, {"region": "bretagne"}, headers={"if-none-match": first.headers["ETag"]}
    )
    assert after.status_code == 200
    assert "Nouvelle cantine" in after.content.decode()
    assert after.headers["ETag"] != first.headers["ETag"]


def test_embed_query_count(client, catalogue, snapshot_queries):
    # The process's search caches built by another list; this one is rendered, not cached.
    client.get(EMBED, {"region": "occitanie"})
    with snapshot_queries(cold=False):
        response = client.get(EMBED, {"region": "bretagne", "nombre": "3"})
    assert response.status_code == 200


def test_the_builder_offers_the_search_filters_and_the_code(client, catalogue):
    response = client.get("/integrer/", {"region": "bretagne", "nombre": "2", "theme": "sombre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="bretagne" selected>Bretagne (3)</option>' in html
    assert '<option value="mobilite">Mobilité (3)</option>' in html
    assert '<option value="jeunes">Jeunes (1)</option>' in html
    assert 'name="q"' in html
    assert 'value="2"' in html and 'max="20"' in html
    assert 'id="integrer-theme-sombre" name="theme" value="sombre" checked' in html
    # The live preview is the embed itself.
    assert (
        '<iframe class="cahier-embed-preview" src="/integrer/liste/?region=bretagne&amp;nombre=2&amp;theme=sombre"'
        in html
    )
    assert "3 initiatives correspondent à ces critères\u202f; la liste en montre 2." in html
    # The code to copy, escaped once in the text area (copied as HTML).
    assert (
        "&lt;iframe src=&quot;http://testserver/integrer/liste/?region=bretagne&amp;amp;nombre=2"
        "&amp;amp;theme=sombre&quot; title=&quot;Initiatives inclusion\u00a0: Bretagne&quot;"
    ) in html
    assert 'data-copier="code-integration" hidden' in html
    assert "www/js/copy.js" in html


@pytest.mark.postgres
def test_the_builder_names_each_bad_parameter_and_keeps_the_others(client, catalogue):
    html = client.get(
        "/integrer/", {"region": "atlantide", "mot_cle": "mobilite", "nombre": "50"}
    ).content.decode()
    assert "Des paramètres ont été ignorés" in html
    assert "Valeur inconnue pour le paramètre « region » (région) : « atlantide »." in html
    assert 'id="integrer-region-erreur">Valeur inconnue' in html
    assert (
        'id="integrer-nombre-erreur">Le paramètre « nombre » doit être compris entre 1 et 20, pas « 50 ».'
        in html
    )
    # What was typed stays in its field, to be corrected.
    assert 'name="nombre" min="1" max="20" step="1" inputmode="numeric" value="50"' in html
    # The rest of the choices survive, and the preview uses them.
    assert '<option value="mobilite" selected>' in html
    assert 'src="/integrer/liste/?mot_cle=mobilite&amp;nombre=5"' in html

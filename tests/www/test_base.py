import pytest

pytestmark = pytest.mark.django_db


def test_layout_has_dsfr_header_navigation_skip_links_and_footer(client):
    html = client.get("/").content.decode()
    assert '<html lang="fr"' in html
    assert "dsfr.min.css" in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert "Cahier des initiatives inclusion" in html
    assert "Ministère<br>du Travail" in html
    for href in [
        "/initiatives/",
        "/regions/",
        "/reperes/",
        "/glossaire/",
        "/a-propos/",
        "/proposer/",
    ]:
        assert f'class="fr-nav__link" href="{href}"' in html
    assert 'id="pied-de-page"' in html

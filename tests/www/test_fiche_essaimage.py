"""The essaimage parts of a fiche's public page: project life, « Pour essaimer », « Résultats en
chiffres », « Essaimages » and contacts (docs/essaimage.md)."""

import pytest

pytestmark = pytest.mark.django_db


def test_smoke(client):
    from tests.catalogue import factories as f

    origin = f.InitiativeFactory(slug="origine", title="Projet d'origine", with_kit=True)
    f.InitiativeFactory(slug="copie", title="Copie", replication_of=origin, region=f.region("occitanie"), adaptations="Le public a changé.")
    html = client.get("/initiatives/origine/").content.decode()
    open("/tmp/page/origine.html", "w").write(html)
    html = client.get("/initiatives/copie/").content.decode()
    open("/tmp/page/copie.html", "w").write(html)

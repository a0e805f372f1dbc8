"""« Pour améliorer cette fiche » on the holder's page in « Mes initiatives » (issue 11)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_holder_reads_what_to_improve_on_their_fiche(client, contributor, proposal):
    client.force_login(contributor)
    html = client.get(reverse("contributions:mine_detail", kwargs={"pk": proposal.pk}))
    html = html.content.decode()
    # The proposal has figures in its results (« 80 personnes aidées ») and nothing else.
    assert "Score de qualité\u00a0: 25/100" in html
    assert "Pour améliorer cette fiche" in html
    assert "Choisissez au moins un mot-clé et un public." in html
    assert "Développez le descriptif du projet" in html
    assert "Donnez au moins un chiffre" not in html

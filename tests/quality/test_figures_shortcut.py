"""« Résultats chiffrés » asks `has_figures`, the cheap form of `bool(extract_figures(…))`
(an export scores every fiche it writes): the same answer on every text of the 2019 cahier and
on crafted ones."""

import pytest

from cahier.catalogue.figures import extract_figures, has_figures
from cahier.catalogue.models import Initiative

TEXTS = [
    "",
    "Très bien.",
    "En 2017, un bilan très positif.",
    "Des jeunes de 26 ans, accompagnés 6 mois, 7 h par semaine.",
    "Au 31/03/2018 : d'octobre 2017 à janvier 2018.",
    "3 sur 4 jeunes ont trouvé un emploi.",
    "59,5 % de sorties positives.",
    "Nombre d'entreprises prospectées : 520",
    "Sur 22 personnes formées en 2018.",
    "- 1 200 déplacements\n- 276 nouvelles orientations",
    "Le 1er janvier 2017, lancement.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_has_figures_answers_as_extract_figures(text):
    assert has_figures(text) == bool(extract_figures(text))


@pytest.mark.django_db
def test_has_figures_answers_as_extract_figures_on_the_2019_cahier(cahier_2019):
    texts = list(Initiative.objects.values_list("results", flat=True))
    answers = [has_figures(text) for text in texts]
    assert answers == [bool(extract_figures(text)) for text in texts]
    assert any(answers) and not all(answers)  # both cases are met

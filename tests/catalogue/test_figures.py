"""Figures found in the « Résultats » text (catalogue/figures.py): French number formats,
percentages, ratios and counts with their clause; years and dates as the period, never as
values. Then the bundled 2019 cahier, whose figures are counted in docs/essaimage.md."""

import pytest

from cahier.catalogue.figures import extract_figures


def _found(text):
    return [(f.value, f.unit, f.indicator) for f in extract_figures(text)]


def test_french_number_formats():
    assert _found("1 200 personnes accompagnées.") == [(1200, "", "Personnes accompagnées")]
    assert _found("17\u202f000 clients actifs") == [(17000, "", "Clients actifs")]
    assert _found("59,5 % ont un emploi") == [(59.5, "%", "Ont un emploi")]
    assert _found("59% ont un emploi") == [(59, "%", "Ont un emploi")]
    assert _found("3 sur 4 ont trouvé un emploi") == [(75.0, "%", "Ont trouvé un emploi")]
    assert _found("2/3 des publics accompagnés") == [(66.7, "%", "Des publics accompagnés")]
    assert _found("Nombre d'entreprises prospectées : 520.") == [
        (520, "", "Nombre d'entreprises prospectées")
    ]


def test_years_and_dates_are_the_period_not_values():
    [figure] = extract_figures("En 2017 : 276 nouvelles orientations.")
    assert (figure.value, figure.period_start, figure.period_end) == (276, "2017", "2017")
    [figure] = extract_figures("Du 01/09/2015 au 31/03/2018, 377 jeunes NEET ont été intégrés.")
    assert (figure.value, figure.period_start, figure.period_end) == (
        377,
        "2015-09-01",
        "2018-03-31",
    )
    [figure] = extract_figures("Depuis 2009, ce banc d'essai a été proposé à 286 jeunes.")
    assert (figure.period_start, figure.period_end) == ("2009", "")
    [figure] = extract_figures("D'octobre 2017 à janvier 2018, 50 places ont été ouvertes.")
    assert (figure.period_start, figure.period_end) == ("2017-10", "2018-01")
    # A heading line gives its period to the list under it.
    figures = extract_figures("Promotion 2016 :\n- 82 % de retour à l'emploi.")
    assert [(f.value, f.period_start) for f in figures] == [(82, "2016")]


def test_ages_durations_ordinals_and_bases_are_no_values():
    assert _found("Jeunes de moins de 26 ans accompagnés pendant 6 mois.") == []
    assert _found("Du 1er janvier au 31 mars 2017") == []
    figures = extract_figures("Sur 22 personnes formées, 5 ont eu une proposition de CDI.")
    assert [(f.value, f.indicator) for f in figures] == [(5, "Ont eu une proposition de CDI")]
    [figure] = extract_figures(
        "Sur les 27 adultes en capacité d'occuper un emploi, 59 % ont un emploi."
    )
    assert (figure.value, figure.base) == (59, "27 adultes")


def test_the_clause_is_the_context_and_the_key_is_stable():
    text = "En 2017 : 276 nouvelles orientations, 231 personnes accompagnées vers l'emploi."
    first, second = extract_figures(text)
    assert first.context == "En 2017 : 276 nouvelles orientations"
    assert second.context == "231 personnes accompagnées vers l'emploi"
    assert second.indicator == "Personnes accompagnées vers l'emploi"
    assert [f.key for f in extract_figures(f"Introduction.\n{text}")] == [first.key, second.key]
    assert first.outcome()["period_start"] == "2017"


@pytest.mark.django_db
def test_the_2019_cahier(cahier_2019):
    """The measure written in docs/essaimage.md: how many figures the 46 fiches give."""
    from cahier.catalogue.models import Initiative

    fiches = list(Initiative.objects.order_by("pk"))
    assert len(fiches) == 46
    by_fiche = {i.title: extract_figures(i.results) for i in fiches}
    assert sum(map(len, by_fiche.values())) == 115
    assert sum(1 for figures in by_fiche.values() if figures) == 31
    fiche_1 = by_fiche["Un toit, un emploi"]
    assert ("Ont un emploi", 59, "%", "27 adultes", "2014", "2017") in [
        (f.indicator, f.value, f.unit, f.base, f.period_start, f.period_end) for f in fiche_1
    ]
    fiche_2 = [
        (f.value, f.indicator)
        for f in by_fiche[next(t for t in by_fiche if "Parcours évolutif" in t)]
    ]
    assert (276, "Nouvelles orientations") in fiche_2
    assert (231, "Personnes accompagnées vers l'emploi") in fiche_2
    # No year of the texts is ever a value.
    values = [f.value for figures in by_fiche.values() for f in figures if f.unit == ""]
    assert not [v for v in values if 1950 <= v <= 2049]

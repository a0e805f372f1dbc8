"""Curation of essaimage: the new fields on the review page and in revision diffs, indicators
proposed from the results text (accepted after editing, or dismissed for good), and the
curator's link to an origin fiche (cycles and self-links refused)."""

import pytest

from cahier.catalogue.enums import PublicationStatus as S
from cahier.catalogue.services import InitiativeData
from cahier.contributions import services
from cahier.contributions.enums import AuditAction
from cahier.contributions.models import AuditLogEntry, DismissedFigure, Revision
from tests.catalogue.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FICHE_1 = (
    "Sur les 27 adultes bénéficiaires du dispositif Un Toit Un Emploi en capacité d'occuper "
    "un emploi (entre 2014 et fin 2017), 59 % ont un emploi (dont 22 % CDDI) et 26 % sont "
    "sans emploi en janvier."
)
OUTCOMES = [
    {"indicator": "Personnes en emploi", "value": 59, "unit": "%", "base": "27 adultes"},
    {"indicator": "Nouvelles orientations", "value": 276, "period_start": "2017"},
]


def _save(initiative, actor, **changes):
    data = InitiativeData.from_initiative(initiative)
    for name, value in changes.items():
        setattr(data, name, value)
    return services.initiative_save(
        initiative=initiative, data=data, actor=actor, expected_version=initiative.version
    )


def test_review_page_and_diff_show_the_new_fields_one_item_per_line(client, curator, submitted):
    fiche = _save(submitted, curator, outcomes=OUTCOMES, funders=[{"name": "FSE+", "type": "fse"}])
    client.force_login(curator)
    page = client.get(f"/curation/initiatives/{fiche.pk}/").content.decode()
    assert "<dt>Résultats en chiffres</dt>" in page
    assert (
        "<dd>Personnes en emploi\u00a0: 59\u00a0% (27 adultes)\n"
        "Nouvelles orientations\u00a0: 276 (2017)</dd>"
    ) in page
    assert "<dt>Financeurs</dt><dd>FSE+ (FSE / FSE+)</dd>" in page
    revision = Revision.objects.filter(initiative=fiche).latest("id")
    diff = client.get(f"/curation/initiatives/{fiche.pk}/historique/{revision.pk}/").content
    diff = diff.decode()
    assert "Résultats en chiffres" in diff and "Financeurs" in diff
    # One indicator per line, in a cell that keeps the line breaks (contributions.css).
    assert "59\u00a0% (27 adultes)\nNouvelles orientations" in diff.replace(
        '<ins class="diff-ins">', ""
    ).replace("</ins>", "")


def test_figures_of_the_results_are_proposed_then_accepted_after_editing(
    client, curator, submitted
):
    fiche = _save(submitted, curator, results=FICHE_1)
    client.force_login(curator)
    url = f"/curation/initiatives/{fiche.pk}/indicateurs/"
    page = client.get(url).content.decode()
    assert (
        "«&nbsp;59 % ont un emploi (dont 22 % CDDI) et 26 % sont sans emploi en janvier&nbsp;»"
        in page
    )
    assert 'value="Ont un emploi"' in page and 'value="27 adultes"' in page
    figure = next(f for f in _suggestions(fiche) if f.value == 59)
    version = fiche.version
    response = client.post(
        url,
        {
            "key": figure.key,
            "version": version,
            "indicator": "Adultes en emploi",
            "value": "59",
            "unit": "%",
            "base": "27 adultes",
            "period_start": "2014",
            "period_end": "2017",
            "source": "déclaratif",
            "accepter": "",
        },
    )
    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.version == version + 1
    assert fiche.outcomes == [
        {
            "indicator": "Adultes en emploi",
            "value": 59,
            "unit": "%",
            "base": "27 adultes",
            "period_start": "2014",
            "period_end": "2017",
            "source": "déclaratif",
            "url": "",
        }
    ]
    revision = Revision.objects.filter(initiative=fiche).latest("id")
    assert revision.comment == "Indicateur ajouté d’après le texte des résultats"
    assert revision.author == curator
    # Added: no longer proposed; the two other figures still are.
    assert sorted(f.value for f in _suggestions(fiche)) == [22, 26]
    # The same form again (a second tab): the figure is gone, nothing added twice.
    response = client.post(url, {"key": figure.key, "version": version, "accepter": ""})
    assert response.status_code == 302
    fiche.refresh_from_db()
    assert len(fiche.outcomes) == 1


def _text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")


def _suggestions(fiche):
    from cahier.contributions.essaimage import outcome_suggestions

    fiche.refresh_from_db()
    return outcome_suggestions(fiche)


def test_a_dismissed_figure_is_not_proposed_again(client, curator, submitted):
    fiche = _save(submitted, curator, results=FICHE_1)
    client.force_login(curator)
    url = f"/curation/initiatives/{fiche.pk}/indicateurs/"
    figure = next(f for f in _suggestions(fiche) if f.value == 22)
    response = client.post(url, {"key": figure.key, "ecarter": ""})
    assert response.status_code == 302
    assert DismissedFigure.objects.filter(initiative=fiche, key=figure.key).exists()
    entry = AuditLogEntry.objects.get(action=AuditAction.INITIATIVE_FIGURE_DISMISSED)
    assert (entry.actor, entry.initiative) == (curator, fiche)
    assert 22 not in [f.value for f in _suggestions(fiche)]
    page = client.get(url).content.decode()
    assert f'value="{figure.key}"' not in page and 'value="Ont un emploi"' in page
    fiche.refresh_from_db()
    assert fiche.outcomes == []  # nothing published without a person accepting it


def test_accepting_checks_the_value_and_the_version(client, curator, submitted):
    fiche = _save(submitted, curator, results=FICHE_1)
    client.force_login(curator)
    url = f"/curation/initiatives/{fiche.pk}/indicateurs/"
    figure = _suggestions(fiche)[0]
    form = {"key": figure.key, "version": fiche.version, "indicator": "Emploi", "accepter": ""}
    response = client.post(url, {**form, "value": "beaucoup"})
    assert "Indicateur 1 : la valeur « beaucoup » n’est pas un nombre." in (
        response.content.decode()
    )
    assert 'value="beaucoup"' in response.content.decode()
    _save(fiche, curator, territory="Aurillac")  # someone saves meanwhile
    response = client.post(url, {**form, "value": "59"}, follow=True)
    assert "La fiche a été modifiée entre-temps" in response.content.decode()
    fiche.refresh_from_db()
    assert fiche.outcomes == []


def test_curator_links_a_fiche_to_its_origin_and_unlinks_it(client, curator, submitted):
    origin = InitiativeFactory(title="Un toit un emploi")
    client.force_login(curator)
    url = f"/curation/initiatives/{submitted.pk}/origine/"
    page = client.get(f"/curation/initiatives/{submitted.pk}/").content.decode()
    assert "Lier à une fiche d’origine" in page and "data-origin-search" in page
    response = client.post(
        url, {"version": submitted.version, "replication_of": origin.pk}, follow=True
    )
    assert "Fiche liée à «\u00a0Un toit un emploi\u00a0»." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.replication_of == origin
    revision = Revision.objects.filter(initiative=submitted).latest("id")
    assert revision.comment == "Essaimage de «\u00a0Un toit un emploi\u00a0»"
    assert AuditLogEntry.objects.filter(
        initiative=submitted, action=AuditAction.INITIATIVE_UPDATED, reason=revision.comment
    ).exists()
    response = client.post(url, {"version": submitted.version, "delier": ""}, follow=True)
    assert "Lien d’essaimage retiré." in _text(response)
    submitted.refresh_from_db()
    assert submitted.replication_of is None


def test_self_links_and_cycles_are_refused_with_the_catalogue_message(client, curator):
    first = InitiativeFactory(title="Origine")
    second = InitiativeFactory(title="Essaimage", replication_of=first)
    client.force_login(curator)
    response = client.post(
        f"/curation/initiatives/{first.pk}/origine/",
        {"version": first.version, "replication_of": first.pk},
        follow=True,
    )
    assert "Une fiche ne peut pas être son propre essaimage." in response.content.decode()
    response = client.post(
        f"/curation/initiatives/{first.pk}/origine/",
        {"version": first.version, "replication_of": second.pk},
        follow=True,
    )
    assert (
        "« Essaimage » est déjà un essaimage de cette fiche : le lien ferait une boucle."
        in response.content.decode().replace("&#x27;", "'")
    )
    first.refresh_from_db()
    assert first.replication_of is None and first.status == S.PUBLISHED


def test_lineage_without_version_is_refused(client, curator, submitted):
    origin = InitiativeFactory(title="Origine")
    client.force_login(curator)
    response = client.post(
        f"/curation/initiatives/{submitted.pk}/origine/", {"replication_of": origin.pk}
    )
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.replication_of is None


def test_curators_edit_the_kit_and_the_indicators_in_the_full_form(client, curator, submitted):
    client.force_login(curator)
    url = f"/curation/initiatives/{submitted.pk}/modifier/"
    page = client.get(url).content.decode()
    assert 'id="records-outcomes"' in page and 'id="records-funders"' in page
    assert 'enctype="multipart/form-data"' in page
    form = {
        "version": submitted.version,
        "title": submitted.title,
        "region": submitted.region_id,
        "territory": submitted.territory,
        "description": submitted.description,
        "porteur": submitted.porteur_label,
        "public": submitted.public,
        "referent_emails": "referent@example.org",
        "outcomes-rows": 1,
        "outcomes-0-indicator": "Personnes aidées",
        "outcomes-0-value": "80",
        "funders-rows": 1,
        "funders-0-name": "Département d'Ille-et-Vilaine",
        "funders-0-type": "departement",
        "resources-rows": 0,
        "contacts-rows": 0,
        "openness": "oui",
        "comment": "Kit complété avec le porteur",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    submitted.refresh_from_db()
    assert submitted.outcomes[0]["value"] == 80
    assert submitted.funders == [{"name": "Département d'Ille-et-Vilaine", "type": "departement"}]
    assert submitted.openness == "oui"
    assert submitted.description  # the other fields are kept
    revision = Revision.objects.filter(initiative=submitted).latest("id")
    assert revision.comment == "Kit complété avec le porteur"

"""The fiche's project life, transfer kit, outcomes, lineage and contacts: what the services
accept and refuse, and how the open-data record and its reload carry them."""

import json

import pytest
from django.core.exceptions import ValidationError

from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData, initiative_update, initiative_verify
from cahier.catalogue.snapshot import display_values, initiative_to_json, json_to_data
from cahier.opendata.loader import catalogue_load_json
from cahier.opendata.records import (
    catalogue_document,
    initiative_published,
    initiative_record,
    to_csv,
)
from tests.catalogue.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def edit(initiative, **changes):
    data = InitiativeData.from_initiative(initiative)
    for name, value in changes.items():
        setattr(data, name, value)
    return initiative_update(initiative=initiative, data=data, expected_version=initiative.version)


def refusal(initiative, **changes) -> dict:
    with pytest.raises(ValidationError) as caught:
        edit(initiative, **changes)
    return caught.value.message_dict


def test_a_fiche_cannot_replicate_itself_nor_close_a_loop():
    origin = InitiativeFactory(title="Origine")
    copy = InitiativeFactory(title="Copie", replication_of=origin)
    assert refusal(origin, replication_of=origin)["replication_of"] == [
        "Une fiche ne peut pas être son propre essaimage."
    ]
    message = refusal(origin, replication_of=copy)["replication_of"][0]
    assert "« Copie » est déjà un essaimage de cette fiche" in message and "boucle" in message
    origin.refresh_from_db()
    assert origin.replication_of is None  # nothing written


def test_an_origin_is_a_fiche_or_an_outside_project_not_both():
    origin = InitiativeFactory()
    errors = refusal(
        InitiativeFactory(),
        replication_of=origin,
        origin_name="Projet X",
        origin_url="https://x.fr",
    )
    assert "pas les deux" in errors["replication_of"][0]
    assert (
        "javascript"
        in refusal(InitiativeFactory(), origin_url="javascript:alert(1)")["origin_url"][0]
    )


def test_each_bad_record_is_named():
    initiative = InitiativeFactory()
    errors = refusal(
        initiative,
        outcomes=[
            {"indicator": "Taux d'emploi", "value": "beaucoup", "source": "rumeur"},
            {"indicator": "", "value": "12", "period_start": "2019", "period_end": "2018"},
        ],
        funders=[{"name": "Mairie", "type": "mécène"}],
        contacts=[{"organisation": "Asso", "email": "pas-une-adresse", "phone": "abc"}],
        started_year=2020,
        ended_year=2018,
        budget_min=100,
        budget_max=10,
        project_status="peut-être",
    )
    assert errors["outcomes"] == [
        "Indicateur 1 : la valeur « beaucoup » n’est pas un nombre.",
        "Indicateur 1 : source « rumeur » inconnue.",
        "Indicateur 2 : le libellé manque.",
        "Indicateur 2 : la période finit avant de commencer.",
    ]
    assert errors["funders"] == ["Financeur 1 : type « mécène » inconnu."]
    assert errors["contacts"] == [
        "Contact 1 : adresse électronique « pas-une-adresse » invalide.",
        "Contact 1 : numéro de téléphone « abc » invalide.",
    ]
    assert errors["ended_year"] == ["L’année de fin précède l’année de début."]
    assert errors["budget_max"] == ["Le budget maximal est inférieur au budget minimal."]
    assert errors["project_status"] == ["Statut du projet « peut-être » inconnu."]


def test_figures_typed_the_french_way_are_numbers():
    initiative = edit(
        InitiativeFactory(),
        outcomes=[{"indicator": "Personnes accompagnées", "value": "1 200"}],
        staff_fte=2.54,
    )
    assert initiative.outcomes[0]["value"] == 1200
    assert initiative.staff_fte == 2.5


def test_too_many_records_are_refused_with_the_limit():
    errors = refusal(
        InitiativeFactory(), funders=[{"name": f"F{n}", "type": "autre"} for n in range(31)]
    )
    assert errors["funders"] == ["La liste des financeurs dépasse 30 éléments (31)."]


def test_the_record_carries_the_kit_lineage_and_hides_private_addresses():
    origin = InitiativeFactory(with_kit=True, title="Un toit, un emploi")
    InitiativeFactory(title="Un toit en Lozère", replication_of=origin, adaptations="Rural")
    InitiativeFactory(title="Brouillon", replication_of=origin, draft=True)
    record = initiative_record(initiative_published(origin.slug))
    assert record["status"] == "en cours" and record["started_year"] == 2016
    assert record["transfer"]["budget"] == {"min": 50_000, "max": 150_000, "currency": "EUR"}
    assert record["transfer"]["openness"] == "oui avec accompagnement"
    assert record["outcomes"][0]["value"] == 59
    assert [r["title"] for r in record["replications"]] == ["Un toit en Lozère"]  # published only
    holder, referent = record["contacts"]
    assert holder["email"] is None and holder["organisation"] == "Association Horizon"
    assert referent["email"] == "pole3e@dreets.example"
    copy = initiative_record(
        initiative_published("initiative-" + str(Initiative.objects.count() - 2))
        or initiative_published(Initiative.objects.get(title="Un toit en Lozère").slug)
    )
    assert copy["replication_of"]["title"] == "Un toit, un emploi"
    assert copy["replication_of"]["adaptations"] == "Rural"
    assert record["updated_at"].endswith("Z") and record["verified_at"] is None


def test_verifying_dates_the_fiche_without_a_new_version():
    initiative = InitiativeFactory()
    version = initiative.version
    initiative_verify(initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.verified_at is not None and initiative.version == version


def test_the_csv_flattens_the_new_fields_at_the_end():
    InitiativeFactory(with_kit=True)
    header, row = to_csv(catalogue_document()["initiatives"]).splitlines()[:2]
    assert header.split(",")[-23:][:3] == ["status", "started_year", "ended_year"]
    assert "Personnes en emploi à 6\u00a0mois" not in row  # the label is kept as typed
    assert (
        "Personnes en emploi à 6 mois\u00a0: 59\u00a0% (120 participants, 2017–2018, déclaratif)"
        in row
    )
    assert "Conseil départemental (Département) | FSE (FSE / FSE+)" in row


def test_revisions_and_diffs_read_the_new_fields():
    origin = InitiativeFactory(title="Origine")
    initiative = InitiativeFactory(with_kit=True, replication_of=origin)
    snapshot = json.loads(json.dumps(initiative_to_json(initiative)))  # stored as JSON
    assert json_to_data(snapshot).replication_of == origin
    shown = display_values(snapshot)
    assert shown["replication_of"] == "Origine"
    assert shown["openness"] == "Oui, avec accompagnement"
    assert shown["project_status"] == "En cours"
    assert shown["staff_fte"] == "2.5"


def test_export_then_reload_into_an_empty_catalogue_keeps_lineage_dates_and_kit():
    origin = InitiativeFactory(with_kit=True, title="Origine")
    InitiativeFactory(title="Copie", replication_of=origin)
    initiative_verify(initiative=origin)
    first = catalogue_document()
    # Replications before their origin in the file: the loader still links them.
    document = json.loads(json.dumps(first))
    document["initiatives"].reverse()
    Initiative.objects.all().delete()
    catalogue_load_json(document=document)
    again = catalogue_document()
    by_title = {r["title"]: r for r in again["initiatives"]}
    before = {r["title"]: r for r in first["initiatives"]}
    assert by_title["Copie"]["replication_of"]["id"] == before["Origine"]["id"]
    assert by_title["Origine"]["transfer"] == before["Origine"]["transfer"]
    assert by_title["Origine"]["verified_at"] == before["Origine"]["verified_at"]
    assert by_title["Origine"]["updated_at"] == before["Origine"]["updated_at"]
    assert by_title["Origine"]["status"] == ProjectStatus.ONGOING

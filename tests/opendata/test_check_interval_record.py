"""API 1.5.0: each record says how often the fiche is confirmed (`check_interval_months`) and
when next (`next_check_at`, the reminders' rule), in JSON, CSV and the TableSchema; a reloaded
export keeps the interval; an older export leaves the fiche's; editions do not freeze it."""

import json
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cahier.catalogue.models import Initiative
from cahier.opendata.contract import DocumentError, document_parse
from cahier.opendata.loader import catalogue_load_json
from cahier.opendata.records import catalogue_document, printed_record, to_csv
from cahier.opendata.tableschema import table_schema
from tests.catalogue.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _dated(slug: str, months: int, *, verified=None) -> Initiative:
    fiche = InitiativeFactory(slug=slug, check_interval_months=months)
    published = timezone.make_aware(datetime(2025, 3, 10, 9))
    Initiative.objects.filter(pk=fiche.pk).update(published_at=published, verified_at=verified)
    return fiche


def _records() -> dict[str, dict]:
    return {r["slug"]: r for r in catalogue_document()["initiatives"]}


def test_the_api_record_gives_the_interval_and_the_next_check(client):
    _dated("six", 6)
    _dated("vingt-quatre", 24, verified=timezone.make_aware(datetime(2026, 6, 1, 10)))
    six = client.get("/api/v1/initiatives/six").json()
    assert six["check_interval_months"] == 6
    assert six["published_at"] == "2025-03-10T08:00:00Z"
    assert six["next_check_at"] == "2025-09-10T07:00:00Z"  # 9 h in Paris, summer time
    later = client.get("/api/v1/initiatives/vingt-quatre").json()
    assert later["check_interval_months"] == 24
    assert later["next_check_at"] == "2028-06-01T08:00:00Z"  # from the verification


def test_the_csv_and_the_tableschema_carry_them_last():
    _dated("six", 6)
    header, row = to_csv(catalogue_document()["initiatives"]).splitlines()[:2]
    assert header.split(",")[-3:] == ["published_at", "check_interval_months", "next_check_at"]
    assert row.endswith(",2025-03-10T08:00:00Z,6,2025-09-10T07:00:00Z")
    fields = {field["name"]: field for field in table_schema()["fields"]}
    assert fields["check_interval_months"]["constraints"]["enum"] == [6, 12, 24]
    assert fields["next_check_at"]["type"] == "datetime"


def test_an_edition_does_not_freeze_the_interval():
    fiche = Initiative.objects.with_relations().get(pk=_dated("six", 6).pk)
    assert not {"check_interval_months", "next_check_at"} & set(printed_record(fiche))


def test_a_reloaded_export_keeps_the_interval_an_older_one_leaves_it():
    _dated("six", 6)
    document = json.loads(json.dumps(catalogue_document()))
    document["initiatives"][0]["check_interval_months"] = 24
    catalogue_load_json(document=document)
    assert Initiative.objects.get(slug="six").check_interval_months == 24
    del document["initiatives"][0]["check_interval_months"]
    document["initiatives"][0]["territory"] = "Autre territoire"
    catalogue_load_json(document=document, force=True)
    fiche = Initiative.objects.get(slug="six")
    assert (fiche.territory, fiche.check_interval_months) == ("Autre territoire", 24)


def test_a_reloaded_export_with_a_wrong_interval_is_refused():
    _dated("six", 6)
    document = json.loads(json.dumps(catalogue_document()))
    document["initiatives"][0]["check_interval_months"] = 7
    with pytest.raises(ValidationError) as error:
        catalogue_load_json(document=document)
    assert "Rythme de vérification « 7 » inconnu" in str(error.value)
    assert Initiative.objects.get(slug="six").check_interval_months == 6


def test_the_contract_names_an_interval_that_is_not_a_number():
    _dated("six", 6)
    document = json.loads(json.dumps(catalogue_document()))
    document["initiatives"][0]["check_interval_months"] = "douze"
    with pytest.raises(DocumentError) as error:
        document_parse(json.dumps(document))
    assert "initiatives[0].check_interval_months\u00a0: un nombre entier est attendu" in str(
        error.value
    )
    del document["initiatives"][0]["check_interval_months"]  # an older export: accepted
    del document["initiatives"][0]["next_check_at"]
    del document["initiatives"][0]["published_at"]
    assert document_parse(json.dumps(document))["initiatives"][0]["slug"] == "six"

"""Each fiche's check interval (6, 12 or 24 months, issue 11): when it is next due, on a frozen
clock; a change of interval is a field of the revision like any other; older snapshots (saved
before the field existed) read as the default, not as a change."""

from dataclasses import replace
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cahier.catalogue.enums import CHECK_INTERVAL_MONTHS
from cahier.catalogue.importer.guard import import_create, import_update
from cahier.catalogue.models import ImportRecord, Initiative
from cahier.catalogue.services import InitiativeData, initiative_update
from cahier.catalogue.snapshot import display_values, initiative_to_json, json_to_data
from tests.catalogue.factories import InitiativeFactory, region

pytestmark = pytest.mark.django_db


def paris(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def dated(*, months=None, published=None, verified=None) -> Initiative:
    extra = {"check_interval_months": months} if months else {}
    initiative = InitiativeFactory(**extra)
    Initiative.objects.filter(pk=initiative.pk).update(published_at=published, verified_at=verified)
    initiative.refresh_from_db()
    return initiative


def test_the_default_is_twelve_months_from_the_publication():
    fiche = dated(published=paris(2025, 3, 10, 9))
    assert fiche.check_interval_months == CHECK_INTERVAL_MONTHS == 12
    assert fiche.next_check_at() == paris(2026, 3, 10, 9)


def test_six_months_count_from_the_last_verification():
    fiche = dated(months=6, published=paris(2024, 1, 5), verified=paris(2025, 8, 31, 10))
    assert fiche.next_check_at() == paris(2026, 2, 28, 10)  # 31 August + 6 months
    assert not fiche.check_overdue(paris(2026, 2, 28, 9, 59))
    assert fiche.check_overdue(paris(2026, 2, 28, 10))
    assert fiche.verified_within_interval(paris(2026, 2, 1))
    assert not fiche.verified_within_interval(paris(2026, 3, 1))


def test_twenty_four_months_leave_a_fiche_fresh_after_a_year():
    fiche = dated(months=24, published=paris(2024, 1, 5), verified=paris(2025, 6, 1, 9))
    assert fiche.next_check_at() == paris(2027, 6, 1, 9)
    assert fiche.verified_within_interval(paris(2026, 12, 1))  # 18 months: still within
    assert not fiche.check_overdue(paris(2027, 6, 1, 8, 59))
    assert fiche.check_overdue(paris(2027, 6, 1, 9))


def test_a_fiche_never_published_has_no_next_check_nor_a_verification():
    fiche = dated(months=6)
    assert fiche.next_check_at() is None
    assert not fiche.check_overdue(paris(2030, 1, 1))
    assert not fiche.verified_within_interval(paris(2030, 1, 1))


def test_an_interval_outside_6_12_24_is_refused_in_french():
    fiche = InitiativeFactory()
    data = replace(InitiativeData.from_initiative(fiche), check_interval_months=7)
    with pytest.raises(ValidationError) as error:
        initiative_update(initiative=fiche, data=data, expected_version=fiche.version)
    assert error.value.message_dict["check_interval_months"] == [
        "Rythme de vérification « 7 » inconnu : 6, 12 ou 24\u00a0mois."
    ]
    assert (
        InitiativeData(title="T", region=None, check_interval_months="").check_interval_months == 12
    )


def test_a_change_of_interval_is_a_field_of_the_snapshot():
    fiche = InitiativeFactory(check_interval_months=24)
    snapshot = initiative_to_json(fiche)
    assert snapshot["check_interval_months"] == 24
    assert json_to_data(snapshot).check_interval_months == 24
    assert display_values(snapshot)["check_interval_months"] == "Tous les 24\u00a0mois"


def test_an_older_snapshot_without_the_field_reads_as_the_default():
    fiche = InitiativeFactory()
    older = initiative_to_json(fiche)
    del older["check_interval_months"]
    assert display_values(older)["check_interval_months"] == "Tous les 12\u00a0mois"
    assert json_to_data(older).check_interval_months == 12
    assert display_values({})["check_interval_months"] == ""  # a creation: nothing before


def test_an_import_record_from_before_the_field_is_no_edit():
    data = InitiativeData(title="Garage solidaire", region=region(), description="Avant.")
    fiche = import_create(data=data, source="cahier.docx")
    record = ImportRecord.objects.get(initiative=fiche)
    del record.data["check_interval_months"]
    record.save()
    outcome = import_update(
        initiative=fiche,
        number=1,
        data=replace(data, description="Après."),
        source="cahier.docx",
        force=False,
    )
    assert outcome.conflict is None and outcome.written

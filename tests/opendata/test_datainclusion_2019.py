"""The 2019 cahier through the data·inclusion exports: every one of its 46 fiches, once
marked « en cours », is a valid service of the official schema (real titles, territories,
links and porteurs, not only factory data)."""

import json

import pytest
from data_inclusion.schema.v1 import Service, Structure

from cahier.catalogue.enums import ProjectStatus
from cahier.catalogue.models import Initiative

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/exports/data-inclusion"


@pytest.mark.postgres
def test_the_2019_cahier_validates_once_en_cours(client, cahier_2019):
    assert (
        json.loads(client.get(f"{EXPORTS}/services.json").getvalue()) == []
    )  # 2019: status « inconnu »
    # Test set-up only: in the application, statuses change through the services.
    Initiative.objects.update(project_status=ProjectStatus.ONGOING)
    services = json.loads(client.get(f"{EXPORTS}/services.json").getvalue())
    structures = json.loads(client.get(f"{EXPORTS}/structures.json").getvalue())
    assert len(services) == 46
    for item in services:
        Service.model_validate(item, context={"ignore_warnings": False})
    for item in structures:
        Structure.model_validate(item, context={"ignore_warnings": False})
    assert {s["structure_id"] for s in services} == {s["id"] for s in structures}
    by_name = {s["nom"]: s for s in services}
    # « Aurillac » (Auvergne-Rhône-Alpes): the commune's INSEE code.
    aurillac = [s for s in services if s["zone_eligibilite"] == ["15014"]]
    assert aurillac, sorted(by_name)
    # Every fiche has a zone: a place it names, or its region's departments, or France.
    assert all(s["zone_eligibilite"] for s in services)
    assert sum(bool(s["thematiques"]) for s in services) >= 40

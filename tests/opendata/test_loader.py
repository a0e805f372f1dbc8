"""Loading an open-data JSON document back never loses an edit made here, and leaves a history."""

import json

import pytest

from cahier.catalogue.importer import ImportConflicts
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import InitiativeData
from cahier.contributions import services
from cahier.contributions.models import AuditLogEntry, Revision
from cahier.opendata.loader import catalogue_load_json

EXPORTS = "/api/v1/exports"


@pytest.fixture
def document(client, sample_edition):
    """The catalogue's own JSON export, loaded once (as another instance would have loaded it),
    then changed by its author: fiche 1 has a new description."""
    exported = json.loads(client.get(f"{EXPORTS}/initiatives.json").getvalue())
    catalogue_load_json(document=exported)
    exported["initiatives"][0]["description"] = "Texte corrigé par le réutilisateur."
    return exported


def _edit_here(curator, slug: str, description: str) -> Initiative:
    fiche = Initiative.objects.get(slug=slug)
    data = InitiativeData.from_initiative(fiche)
    data.description = description
    return services.initiative_save(
        initiative=fiche, data=data, actor=curator, expected_version=fiche.version
    )


def test_a_fiche_edited_here_is_kept_and_the_load_refused(document, curator):
    # Before: the loader called initiative_update and silently replaced the curator's edit.
    _edit_here(curator, "fiche-1", "Modifié par la curatrice.")
    with pytest.raises(ImportConflicts) as refused:
        catalogue_load_json(document=document)
    assert "« Un toit, un emploi »" in refused.value.conflicts[0].describe()
    assert Initiative.objects.get(slug="fiche-1").description == "Modifié par la curatrice."


def test_force_overwrites_with_a_revision_and_an_audit_entry(document, curator):
    edited = _edit_here(curator, "fiche-1", "Modifié par la curatrice.")
    revisions = Revision.objects.filter(initiative=edited).count()
    counts = catalogue_load_json(document=document, force=True)
    fiche = Initiative.objects.get(slug="fiche-1")
    assert fiche.description == "Texte corrigé par le réutilisateur."
    assert (counts["updated"], counts["unchanged"]) == (1, 5)
    assert Revision.objects.filter(initiative=fiche).count() == revisions + 1
    assert AuditLogEntry.objects.filter(initiative=fiche, action="initiative.imported").exists()


def test_an_unedited_fiche_takes_the_file_s_change(document):
    counts = catalogue_load_json(document=document)
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 1, 5)
    fiche = Initiative.objects.get(slug="fiche-1")
    assert fiche.description == "Texte corrigé par le réutilisateur."
    assert Revision.objects.filter(initiative=fiche).exists()

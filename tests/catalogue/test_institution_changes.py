"""The table of institutions that changed names: seeded, checked by its service, and the
fiches whose contacts still write to an old mail domain."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cahier.catalogue import services
from cahier.catalogue.enums import PublicationStatus
from cahier.catalogue.models import GlossaryTerm, InstitutionChange
from cahier.catalogue.selectors import initiatives_with_dead_addresses
from tests.catalogue.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_the_changes_since_2019_are_seeded_with_the_new_glossary_entries():
    pairs = {(c.old_label, c.new_label, c.changed_on) for c in InstitutionChange.objects.all()}
    assert ("DIRECCTE", "DREETS", date(2021, 4, 1)) in pairs
    assert ("DIECCTE", "DEETS", date(2021, 4, 1)) in pairs
    assert ("DDCS", "DDETS", date(2021, 4, 1)) in pairs
    assert ("DDCSPP", "DDETSPP", date(2021, 4, 1)) in pairs
    assert ("Pôle emploi", "France Travail", date(2024, 1, 1)) in pairs
    assert ("OPCA", "OPCO", date(2019, 4, 1)) in pairs
    assert ("Garantie jeunes", "CEJ", date(2022, 3, 1)) in pairs
    assert ("FSE", "FSE+", date(2021, 1, 1)) in pairs
    glossary = set(GlossaryTerm.objects.values_list("acronym", flat=True))
    assert {"DREETS", "DEETS", "DDETS", "DDETSPP", "OPCO", "CEJ", "FSE+"} <= glossary


def test_the_service_cleans_and_refuses_with_field_messages():
    change = services.institution_change_save(
        old_acronym=" ANPE ",
        old_name="Agence nationale pour l'emploi",
        new_name="Pôle emploi",
        changed_on=date(2008, 12, 19),
        old_mail_domains=["@ANPE.fr", "anpe.fr", ""],
    )
    assert (change.old_acronym, change.old_mail_domains) == ("ANPE", ["anpe.fr"])
    with pytest.raises(ValidationError) as error:
        services.institution_change_save(
            old_acronym="anpe",
            changed_on=date(2008, 12, 19),
            old_mail_domains=["pas un domaine"],
            source_url="javascript:alert(1)",
        )
    messages = error.value.message_dict
    assert messages["old_acronym"] == ["Le sigle « anpe » a déjà sa ligne."]
    assert messages["new_name"] == ["Indiquez le nouveau nom ou le nouveau sigle."]
    assert "n’est pas un domaine de messagerie" in messages["old_mail_domains"][0]
    assert "source_url" in messages
    assert InstitutionChange.objects.filter(old_acronym__iexact="anpe").count() == 1


def test_fiches_writing_to_an_old_mail_domain_are_listed():
    old = InitiativeFactory(
        title="Ancienne adresse",
        referent_emails=["bretag.direction@direccte.gouv.fr", "contact@horizon.example"],
    )
    contact = InitiativeFactory(
        title="Contact Pôle emploi",
        referent_emails=[],
        contacts=[{"role": "referent", "organisation": "Agence", "email": "a.b@Pole-Emploi.fr"}],
    )
    InitiativeFactory(title="À jour", referent_emails=["pole3e@dreets.gouv.fr"])
    InitiativeFactory(
        title="Archivée",
        referent_emails=["x@direccte.gouv.fr"],
        status=PublicationStatus.ARCHIVED,
    )
    found = {row.initiative.title: row.addresses for row in initiatives_with_dead_addresses()}
    assert set(found) == {old.title, contact.title}
    assert [(a.address, a.change.new_label) for a in found[old.title]] == [
        ("bretag.direction@direccte.gouv.fr", "DREETS")
    ]
    assert found[contact.title][0].change.new_label == "France Travail"
    # A subdomain counts; a look-alike domain does not.
    change = InstitutionChange.objects.get(old_acronym="DIRECCTE")
    assert change.owns_address("x@ara.direccte.gouv.fr")
    assert not change.owns_address("x@notdireccte.gouv.fr")

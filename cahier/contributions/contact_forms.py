"""The holder's contacts on a form (cahier.catalogue.structured declares a contact: its keys,
labels, cleaning and checks; core/limits.py its lengths)."""

from dataclasses import replace

from cahier.catalogue import structured
from cahier.catalogue.enums import ContactRole
from cahier.catalogue.services import InitiativeData
from cahier.core import limits

from .fields import DataForm, RecordsField, columns_of


class HolderContactsForm(DataForm):
    """The holder's contacts, one declaration for every form that edits them: the
    proposal's « Pour essaimer » step, the curators' full form and the update of a published
    fiche (signed in, or through the reminder's link). The State referent's contacts, set by
    curators, are neither shown nor changed."""

    contacts = RecordsField(
        label="Contacts du porteur",
        help_text="Qui joindre pour reproduire le projet. Le nom, l’adresse et le téléphone "
        "d’un contact non public ne figurent pas sur la fiche\u00a0: ils servent seulement à "
        "transmettre les demandes de contact et les rappels de mise à jour.",
        noun="Contact",
        columns=columns_of(structured.CONTACT_FIELDS, limits.INITIATIVE_CONTACT),
        clean=structured.clean_contacts,
        errors=structured.contact_errors,
        limit=limits.INITIATIVE["contacts"],
    )
    data_fields = ("contacts",)

    @staticmethod
    def merged_contacts(data: InitiativeData, typed: list[dict]) -> list[dict]:
        """The typed contacts as the holder's, followed by the fiche's other contacts."""
        others = [c for c in data.contacts if c["role"] != ContactRole.HOLDER]
        return [{**c, "role": ContactRole.HOLDER} for c in typed] + others

    @staticmethod
    def holder_contacts(data: InitiativeData) -> list[dict]:
        return [c for c in data.contacts if c["role"] == ContactRole.HOLDER]

    def apply(self, data: InitiativeData) -> InitiativeData:
        merged = self.merged_contacts(data, self.cleaned_data["contacts"])
        return replace(super().apply(data), contacts=merged)

    @classmethod
    def initial_from(cls, data: InitiativeData, version: int) -> dict:
        return {**super().initial_from(data, version), "contacts": cls.holder_contacts(data)}

    @property
    def adds_row(self) -> bool:
        """« Ajouter une ligne » without JavaScript submits the form: nothing is to be sent
        then, the page comes back with one more row (`RecordsWidget.value_from_datadict`)."""
        return self.is_bound and "add_row" in self.data

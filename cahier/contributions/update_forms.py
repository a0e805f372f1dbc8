"""The form of a proposed update of a published fiche: the main fields of the proposal steps
(identity, description, people, results and index terms, the holder's contacts), composed
from their forms so that each field is declared once, plus a message to the curators and,
without an account, who is proposing (to tell them the decision)."""

from django import forms

from cahier.catalogue.services import InitiativeData
from cahier.catalogue.snapshot import json_to_data
from cahier.core import limits

from .contact_forms import HolderContactsForm
from .fields import PlainTextField
from .forms import DescriptionForm, IdentityForm, PeopleForm, ResultsForm


class UpdateForm(IdentityForm, DescriptionForm, PeopleForm, ResultsForm, HolderContactsForm):
    note = PlainTextField(
        label="Message aux curateurs",
        limit=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Ce qui a changé dans le projet, pour aider à relire.",
    )
    data_fields = (
        IdentityForm.data_fields
        + DescriptionForm.data_fields
        + PeopleForm.data_fields
        + ResultsForm.data_fields
        + HolderContactsForm.data_fields
    )
    # apply() and initial_from() are DataForm's over these fields (ResultsForm's apply makes
    # the index terms lists; HolderContactsForm's keeps the State referent's contacts).
    field_order = [*data_fields, "note"]

    @classmethod
    def initial_for(cls, initiative, pending=None) -> dict:
        """Pre-filled with the published fiche, or with the pending proposal it will replace
        (its base version kept: the comparison stays against what the holder saw)."""
        if pending is not None:
            initial = cls.initial_from(json_to_data(pending.data), pending.base_version)
            return initial | {"note": pending.note}
        return cls.initial_from(InitiativeData.from_initiative(initiative), initiative.version)


class LinkUpdateForm(UpdateForm):
    """Through the reminder's link, without an account: who is writing, to answer them."""

    proposer_name = PlainTextField(label="Votre nom", max_length=150, required=False)
    proposer_email = forms.EmailField(
        label="Votre adresse électronique",
        help_text="Pour vous dire si la mise à jour est acceptée.",
        error_messages={
            "required": "Indiquez votre adresse électronique pour connaître la suite.",
            "invalid": "Saisissez une adresse électronique valide (ex. nom@domaine.fr).",
        },
    )
    field_order = [*UpdateForm.field_order, "proposer_name", "proposer_email"]

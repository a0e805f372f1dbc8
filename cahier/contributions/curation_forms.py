"""Curation forms of essaimage: a figure of the results text edited before it becomes an
indicator, and the link of a fiche to the fiche it replicates; the decision on a proposed
update of a published fiche."""

from django import forms
from dsfr.forms import DsfrBaseForm

from cahier.catalogue import structured
from cahier.catalogue.enums import OutcomeSource
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import VERSION_MISSING
from cahier.core import limits

from .fields import PlainTextField
from .kit_forms import origin_field


class OutcomeSuggestionForm(DsfrBaseForm):
    """A figure found in the results text, as the curator edits it before adding it."""

    key = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING},
    )
    indicator = PlainTextField(label="Libellé", limit=limits.Limit(300, "Le libellé"))
    value = forms.CharField(label="Valeur", max_length=30)
    unit = PlainTextField(label="Unité", limit=limits.Limit(50, "L’unité"), required=False)
    base = PlainTextField(
        label="Population de référence", limit=limits.Limit(300, "La population"), required=False
    )
    period_start = forms.CharField(label="Début de période", max_length=10, required=False)
    period_end = forms.CharField(label="Fin de période", max_length=10, required=False)
    source = forms.ChoiceField(
        label="Source", choices=[("", "Non précisée"), *OutcomeSource.choices], required=False
    )
    url = PlainTextField(
        label="Lien vers le rapport", limit=limits.Limit(2000, "Le lien"), required=False
    )

    def outcome(self) -> dict:
        return {key: self.cleaned_data[key] for key in structured.OUTCOME_KEYS}


class LineageForm(DsfrBaseForm):
    """A curator links a fiche to the fiche it replicates (or unlinks it)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING},
    )
    replication_of = forms.ModelChoiceField(
        label="Fiche d’origine",
        queryset=Initiative.objects.none(),
        required=False,
        empty_label="— Choisir une fiche publiée —",
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        # The fiche itself stays choosable: the catalogue refuses it with its own message.
        origin_field(self.fields["replication_of"], initiative=initiative, exclude_self=False)


class UpdateAcceptForm(DsfrBaseForm):
    """Accepting a proposed update: the fiche's version the curator compared against, and,
    when fields were changed on both sides, the confirmation that the proposal wins there."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING},
    )
    accept_conflicts = forms.BooleanField(
        label="J’ai comparé les champs modifiés des deux côtés\u00a0: reprendre la version proposée",
        required=False,
    )


class UpdateRejectForm(DsfrBaseForm):
    reason = PlainTextField(
        label="Motif du refus (envoyé au porteur)",
        limit=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif\u00a0: il sera envoyé au porteur."},
    )

from django import forms

from cahier.catalogue.models import Initiative
from cahier.core import limits


class EditionForm(forms.Form):
    slug = forms.SlugField(label="Identifiant", max_length=60, help_text="Ex. « cahier-2025 ».")
    year = forms.IntegerField(label="Année", min_value=1900, max_value=2200)
    title = forms.CharField(label="Titre", max_length=200)
    subtitle = forms.CharField(label="Sous-titre", max_length=200, required=False)
    edito = forms.CharField(
        label="Édito",
        max_length=limits.EDITION["edito"].chars,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Paragraphes séparés par une ligne vide ; « - » en début de ligne pour une liste.",
    )
    edito_signature = forms.CharField(
        label="Signataire de l'édito",
        max_length=limits.EDITION["edito_signature"].chars,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ComposeForm(forms.Form):
    initiatives = forms.ModelMultipleChoiceField(
        label="Fiches de l'édition",
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = (
            Initiative.objects.published()
            .select_related("region")
            .order_by("region__position", "title")
        )

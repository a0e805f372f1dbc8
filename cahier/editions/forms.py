from django import forms
from dsfr.forms import DsfrBaseForm

from cahier.catalogue.models import Initiative
from cahier.core import limits


class EditionForm(DsfrBaseForm):
    slug = forms.SlugField(
        label="Identifiant de l’édition",
        max_length=60,
        help_text=(
            "Lettres minuscules, chiffres et tirets ; il fait partie de l’adresse de l’édition "
            "et ne change plus. Ex. « cahier-2025 »."
        ),
    )
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
        label="Signataire de l’édito",
        max_length=limits.EDITION["edito_signature"].chars,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Nom puis fonction, une ligne chacun.",
    )


class ComposeForm(forms.Form):
    """The fiches of an edition. Rendered by hand (editions/_compose_fiches.html): one
    fieldset per region, each with its « Tout cocher » button."""

    initiatives = forms.ModelMultipleChoiceField(
        label="Fiches de l’édition",
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

    def selected_pks(self) -> set[int]:
        """The ticked fiches as the page shows them: the posted ones on a bound form (even
        an invalid one), the initial ones otherwise."""
        if self.is_bound:
            values = self.data.getlist(self.add_prefix("initiatives"))
        else:
            values = self.initial.get("initiatives") or []
        return {int(value) for value in values if str(value).isdigit()}

    def groups(self) -> list[dict]:
        """[{region, fiches: [(initiative, checked)], checked: n}] in the official order of
        the regions, then by title."""
        selected = self.selected_pks()
        groups: list[dict] = []
        for initiative in self.fields["initiatives"].queryset:
            if not groups or groups[-1]["region"].pk != initiative.region_id:
                groups.append({"region": initiative.region, "fiches": [], "checked": 0})
            checked = initiative.pk in selected
            groups[-1]["fiches"].append((initiative, checked))
            groups[-1]["checked"] += checked
        return groups

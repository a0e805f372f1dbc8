"""The essaimage steps of the proposal: « Résultats en chiffres » (outcome indicators) and
« Pour essaimer » (life of the project, transfer kit, origin, contacts of the holder). Every
field is optional; records are cleaned and checked by catalogue/structured.py."""

from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from cahier.catalogue import structured
from cahier.catalogue.enums import (
    BUDGET_RANGES,
    CHECK_INTERVAL_MONTHS,
    CheckInterval,
    FunderType,
    Openness,
    OutcomeSource,
    ProjectStatus,
    TransferOffer,
)
from cahier.catalogue.models import Initiative
from cahier.catalogue.services import YEAR_RANGE, InitiativeData
from cahier.core import limits

from .contact_forms import HolderContactsForm
from .fields import (
    Column,
    DataForm,
    PlainTextField,
    RecordsField,
    ResourcesField,
)

TEXT_ROWS = forms.Textarea(attrs={"rows": 4})


def _model_field(name: str):
    return Initiative._meta.get_field(name)


def _text(name: str, **kwargs) -> PlainTextField:
    """A text of the kit with the label and help text the model declares."""
    field = _model_field(name)
    return PlainTextField(
        label=str(field.verbose_name).capitalize(),
        limit=limits.INITIATIVE[name],
        widget=kwargs.pop("widget", TEXT_ROWS),
        required=False,
        help_text=field.help_text,
        **kwargs,
    )


def _euros(value: int) -> str:
    return f"{structured.figure_text(value)}\u00a0€"


def budget_label(low: int, high: int | None) -> str:
    if high is None:
        return f"Plus de {_euros(low)}"
    if not low:
        return f"Moins de {_euros(high)}"
    return f"De {_euros(low)} à {_euros(high)}"


def budget_key(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    return f"{low if low is not None else ''}-{high if high is not None else ''}"


BUDGET_CHOICES = [("", "Non précisé"), *((budget_key(*r), budget_label(*r)) for r in BUDGET_RANGES)]


class OutcomesForm(DataForm):
    outcomes = RecordsField(
        label="Indicateurs",
        help_text="Un indicateur par ligne : par exemple « Personnes en emploi 6 mois après », "
        "59, « % », « sur 27 participants », 2017, 2018, déclaratif. Le texte « Résultats » de "
        "l’étape précédente reste : ces chiffres le complètent.",
        noun="Indicateur",
        columns=[
            Column("indicator", "Libellé", width=6),
            Column("value", "Valeur", "text", width=3, hint="Ex. « 59 » ou « 1 200 »"),
            Column("unit", "Unité", width=3, hint="Ex. « % », « personnes »"),
            Column("base", "Population de référence", width=6, hint="Ex. « sur 27 adultes »"),
            Column("period_start", "Début de période", width=3, hint="Ex. 2017 ou 2017-09"),
            Column("period_end", "Fin de période", width=3, hint="Ex. 2018"),
            Column(
                "source",
                "Source",
                "select",
                width=4,
                choices=(("", "Non précisée"), *OutcomeSource.choices),
            ),
            Column("url", "Lien vers le rapport", "url", width=8),
        ],
        clean=structured.clean_outcomes,
        errors=structured.outcome_errors,
        limit=limits.INITIATIVE["outcomes"],
    )
    data_fields = ("outcomes",)
    all_optional = True


def origin_field(
    field: forms.ModelChoiceField, *, initiative: Initiative | None, exclude_self: bool = True
) -> None:
    """The fiches an initiative may replicate: the published ones (and its current origin),
    never itself; a plain select, which static/contributions/origin.js turns into a search as
    you type (GET /mes-initiatives/origines/?q=…)."""
    origins = Initiative.objects.published()
    if initiative is not None and initiative.replication_of_id:
        origins = origins | Initiative.objects.filter(pk=initiative.replication_of_id)
    if exclude_self and initiative is not None and initiative.pk:
        origins = origins.exclude(pk=initiative.pk)
    field.queryset = origins.select_related("region").order_by("title").distinct()
    field.label_from_instance = lambda i: f"{i.title} ({i.region.name})" if i.region_id else i.title
    field.widget.attrs["data-origin-search"] = reverse("contributions:origins")
    if exclude_self and initiative is not None and initiative.pk:
        field.widget.attrs["data-origin-exclude"] = str(initiative.pk)


LINEAGE_CHOICES = [
    ("", "Non, c’est un projet original"),
    ("fiche", "Oui, il reproduit une fiche de ce catalogue"),
    ("outside", "Oui, il reproduit un projet hors du catalogue"),
]


class KitForm(HolderContactsForm):
    project_status = forms.ChoiceField(
        label="Le projet est-il en cours ?",
        choices=ProjectStatus.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_model_field("project_status").help_text,
    )
    started_year = forms.IntegerField(
        label="Année de début",
        min_value=YEAR_RANGE[0],
        max_value=YEAR_RANGE[1],
        required=False,
        error_messages={"invalid": "Indiquez une année, par exemple 2017."},
    )
    ended_year = forms.IntegerField(
        label="Année de fin",
        min_value=YEAR_RANGE[0],
        max_value=YEAR_RANGE[1],
        required=False,
        help_text="Si le projet est terminé.",
        error_messages={"invalid": "Indiquez une année, par exemple 2019."},
    )
    success_conditions = _text("success_conditions")
    pitfalls = _text("pitfalls")
    budget = forms.ChoiceField(
        label="Budget annuel", choices=BUDGET_CHOICES, required=False, help_text="En euros."
    )
    funders = RecordsField(
        label="Financeurs",
        noun="Financeur",
        columns=[
            Column("name", "Nom du financeur", width=8),
            Column(
                "type",
                "Type",
                "select",
                width=4,
                choices=(("", "— Choisir (autre) —"), *FunderType.choices),
            ),
        ],
        clean=structured.clean_funders,
        errors=structured.funder_errors,
        limit=limits.INITIATIVE["funders"],
    )
    staff_fte = forms.CharField(
        label="Moyens humains (ETP)",
        required=False,
        max_length=10,
        help_text="Équivalents temps plein, par exemple « 1,5 ».",
    )
    setup_months = forms.IntegerField(
        label="Durée de mise en place (mois)",
        min_value=0,
        max_value=240,
        required=False,
        error_messages={"invalid": "Indiquez un nombre de mois, par exemple 6."},
    )
    essential_partners = _text("essential_partners")
    prerequisites = _text("prerequisites")
    resources = ResourcesField(
        label="Ressources partageables",
        help_text=f"Guides, outils\u00a0: un lien, ou un fichier PDF de {limits.UPLOAD_LABEL} "
        "au plus.",
        noun="Ressource",
        columns=[
            Column("title", "Titre", width=4),
            Column("url", "Lien", "url", width=4, hint="https://…"),
            Column("file", "ou fichier PDF", "file", width=4),
        ],
        clean=structured.clean_resources,
        errors=structured.resource_errors,
        limit=limits.INITIATIVE["resources"],
    )
    openness = forms.ChoiceField(
        label="Ouvert à l’essaimage",
        choices=Openness.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Accueillez-vous les territoires qui veulent reproduire le projet ?",
    )
    offers = forms.MultipleChoiceField(
        label="Ce que vous proposez",
        choices=TransferOffer.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lineage = forms.ChoiceField(
        label="Ce projet reproduit-il un projet existant ?",
        choices=LINEAGE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    replication_of = forms.ModelChoiceField(
        label="Fiche d’origine",
        queryset=Initiative.objects.none(),
        required=False,
        empty_label="— Choisir une fiche publiée —",
        help_text="Le projet de ce catalogue que vous avez reproduit.",
    )
    origin_name = PlainTextField(
        label="Nom du projet d’origine", limit=limits.INITIATIVE["origin_name"], required=False
    )
    origin_url = PlainTextField(
        label="Lien du projet d’origine",
        limit=limits.INITIATIVE["origin_url"],
        required=False,
        help_text="https://…",
    )
    adaptations = _text("adaptations")
    check_interval_months = forms.TypedChoiceField(
        label="À quel rythme souhaitez-vous confirmer que cette fiche est à jour\u00a0?",
        choices=CheckInterval.choices,
        coerce=int,
        empty_value=CHECK_INTERVAL_MONTHS,
        widget=forms.RadioSelect,
        required=False,
        help_text="Une fois la fiche publiée, les contacts du porteur recevront à chaque échéance "
        "un courriel\u00a0: un clic suffit pour dire qu’elle est toujours d’actualité, qu’elle "
        f"est à mettre à jour ou que le projet est terminé. Sans choix\u00a0: tous les "
        f"{CHECK_INTERVAL_MONTHS}\u00a0mois.",
    )
    data_fields = (
        "project_status",
        "started_year",
        "ended_year",
        "success_conditions",
        "pitfalls",
        "budget_min",
        "budget_max",
        "funders",
        "staff_fte",
        "setup_months",
        "essential_partners",
        "prerequisites",
        "resources",
        "openness",
        "offers",
        "replication_of",
        "origin_name",
        "origin_url",
        "adaptations",
        "contacts",
        "check_interval_months",
    )
    all_optional = True
    # Fields named like InitiativeData's, copied as they are.
    plain_fields = (
        "project_status",
        "started_year",
        "ended_year",
        "success_conditions",
        "pitfalls",
        "funders",
        "setup_months",
        "essential_partners",
        "prerequisites",
        "openness",
        "offers",
        "check_interval_months",
    )

    SECTIONS = (
        ("Vie du projet", ("project_status", "started_year", "ended_year")),
        (
            "Pour essaimer",
            (
                "success_conditions",
                "pitfalls",
                "budget",
                "funders",
                "staff_fte",
                "setup_months",
                "essential_partners",
                "prerequisites",
                "resources",
                "openness",
                "offers",
            ),
        ),
        (
            "Essaimage",
            ("lineage", "replication_of", "origin_name", "origin_url", "adaptations"),
        ),
        # The reminder goes to the holder's contacts: its rhythm is chosen beside them.
        ("Contacts et mise à jour de la fiche", ("contacts", "check_interval_months")),
    )

    def sections(self):
        """(title, bound fields) in the order of the page (step.html)."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def __init__(self, *args, initiative: Initiative | None = None, add_rows: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        origin_field(self.fields["replication_of"], initiative=initiative)
        low, high = (initiative.budget_min, initiative.budget_max) if initiative else (None, None)
        if add_rows in self.fields and isinstance(self.fields[add_rows], RecordsField):
            self.fields[add_rows].widget.extra = 1
        key = budget_key(low, high)
        if key and key not in dict(BUDGET_CHOICES):
            label = budget_label(low or 0, high) + " (saisi ailleurs)"
            self.fields["budget"].choices = [*BUDGET_CHOICES, (key, label)]
        # One answer is always ticked (12 months unless chosen): no « (facultatif) » to read.
        self.fields["check_interval_months"].preset = True

    def clean_staff_fte(self):
        text = self.cleaned_data["staff_fte"].strip().replace(",", ".").replace("\u00a0", "")
        if not text:
            return None
        try:
            value = round(float(text), 1)
        except ValueError:
            raise ValidationError(
                f"« {self.cleaned_data['staff_fte']} » n’est pas un nombre d’ETP (ex. « 1,5 »)."
            ) from None
        if not 0 <= value <= 10_000:
            raise ValidationError("Le nombre d’ETP doit être compris entre 0 et 10 000.")
        return value

    def clean(self):
        cleaned = super().clean()
        lineage = cleaned.get("lineage", "")
        if lineage == "fiche" and not cleaned.get("replication_of"):
            self.add_error("replication_of", "Choisissez la fiche d’origine.")
        if lineage == "outside" and not cleaned.get("origin_name"):
            self.add_error("origin_name", "Donnez le nom du projet d’origine.")
        return cleaned

    def apply(self, data: InitiativeData) -> InitiativeData:
        cleaned = self.cleaned_data
        values = {name: cleaned[name] for name in self.plain_fields}
        values["project_status"] = values["project_status"] or ProjectStatus.UNKNOWN
        values["openness"] = values["openness"] or Openness.UNSPECIFIED
        low, _, high = cleaned["budget"].partition("-")
        values["budget_min"] = int(low) if low else None
        values["budget_max"] = int(high) if high else None
        values["staff_fte"] = cleaned["staff_fte"]
        values["resources"] = [
            {"title": r["title"], "url": r["url"]} for r in cleaned["resources"] if r["url"]
        ]
        lineage = cleaned["lineage"]
        values["replication_of"] = cleaned["replication_of"] if lineage == "fiche" else None
        outside = lineage == "outside"
        values["origin_name"] = cleaned["origin_name"] if outside else ""
        values["origin_url"] = cleaned["origin_url"] if outside else ""
        values["adaptations"] = cleaned["adaptations"] if lineage else ""
        values["contacts"] = self.merged_contacts(data, cleaned["contacts"])
        return replace(data, **values)

    def uploads(self) -> list[dict]:
        """The resources whose PDF was uploaded with this form (to store before saving)."""
        return [r for r in self.cleaned_data.get("resources", []) if r.get("file") is not None]

    @classmethod
    def initial_from(cls, data: InitiativeData, version: int) -> dict:
        initial = {name: getattr(data, name) for name in cls.plain_fields}
        initial["budget"] = budget_key(data.budget_min, data.budget_max)
        initial["staff_fte"] = structured.figure_text(data.staff_fte) if data.staff_fte else ""
        initial["resources"] = data.resources
        initial["replication_of"] = data.replication_of
        initial["origin_name"], initial["origin_url"] = data.origin_name, data.origin_url
        initial["adaptations"] = data.adaptations
        if data.replication_of is not None:
            initial["lineage"] = "fiche"
        elif data.origin_name or data.origin_url:
            initial["lineage"] = "outside"
        else:
            initial["lineage"] = ""
        initial["contacts"] = cls.holder_contacts(data)
        initial["version"] = version
        return initial

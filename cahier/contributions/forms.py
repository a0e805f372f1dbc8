"""Forms: they parse and validate input, in French; services do the writing."""

from dataclasses import replace

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from dsfr.forms import DsfrBaseForm

from cahier.catalogue.enums import EventKind, ProvenanceStatus, PublicationStatus
from cahier.catalogue.models import Event, Funding, Keyword, PublicType, Region
from cahier.catalogue.services import VERSION_MISSING, InitiativeData
from cahier.core import limits
from cahier.core.cleaning import link_error
from cahier.core.siret import siret_error, siret_normalize

from .fields import DataForm, LinesField, PlainTextField
from .kit_forms import KitForm, OutcomesForm


class IdentityForm(DataForm):
    title = PlainTextField(
        label="Titre de l’initiative",
        limit=limits.INITIATIVE["title"],
        help_text="Un titre court et parlant, tel qu’il figurera sur la fiche.",
        error_messages={"required": "Donnez un titre à l’initiative."},
    )
    region = forms.ModelChoiceField(
        label="Région",
        queryset=Region.objects.all(),
        empty_label="— Choisir une région —",
        error_messages={"required": "Choisissez la région de l’initiative."},
    )
    territory = PlainTextField(
        label="Territoire",
        limit=limits.INITIATIVE["territory"],
        required=False,
        help_text="Commune, département, bassin d’emploi, quartier prioritaire…",
    )
    data_fields = ("title", "region", "territory")

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions:
            self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
            self.fields["region"].help_text = "L’appel en cours concerne ces régions seulement."


class DescriptionForm(DataForm):
    description = PlainTextField(
        label="Descriptif du projet",
        limit=limits.INITIATIVE["description"],
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Séparez les paragraphes par une ligne vide ; commencez une ligne par « - » pour une liste.",
    )
    added_value = LinesField(
        label="Valeur ajoutée de la démarche",
        limit=limits.INITIATIVE["added_value"],
        required=False,
        help_text="Un point par ligne.",
    )
    data_fields = ("description", "added_value")


class PeopleForm(DataForm):
    porteur = PlainTextField(
        label="Organisme porteur", limit=limits.INITIATIVE["porteur"], required=False
    )
    public = PlainTextField(
        label="Public cible",
        limit=limits.INITIATIVE["public"],
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    partners = LinesField(
        label="Partenaires mobilisés",
        limit=limits.INITIATIVE["partners"],
        required=False,
        help_text="Un partenaire par ligne.",
    )
    links = LinesField(
        label="Liens",
        limit=limits.INITIATIVE["links"],
        required=False,
        help_text="Une adresse par ligne, commençant par https://, http:// ou mailto:.",
    )
    referent_emails = LinesField(
        label="Adresses électroniques des référents",
        limit=limits.INITIATIVE["referent_emails"],
        required=False,
        help_text="Une adresse par ligne ; elles figureront sur la fiche publiée.",
    )
    data_fields = ("porteur", "public", "partners", "links", "referent_emails")

    def clean_links(self):
        links = self.cleaned_data["links"]
        errors = [message for message in map(link_error, links) if message]
        if errors:
            raise ValidationError(errors)
        return links

    def clean_referent_emails(self):
        emails = self.cleaned_data["referent_emails"]
        for email in emails:
            try:
                validate_email(email)
            except ValidationError as error:
                raise ValidationError(
                    f"« {email} » n’est pas une adresse électronique valide."
                ) from error
        return [email.lower() for email in emails]


def _taxonomy_field(model, label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ResultsForm(DataForm):
    results = PlainTextField(
        label="Résultats",
        limit=limits.INITIATIVE["results"],
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Chiffres, effets observés, évaluations ; même mise en forme que le descriptif.",
    )
    keywords = _taxonomy_field(Keyword, "Mots-clés")
    publics = _taxonomy_field(PublicType, "Publics visés")
    fundings = _taxonomy_field(Funding, "Financements spécifiques")
    data_fields = ("results", "keywords", "publics", "fundings")

    def apply(self, data):
        data = super().apply(data)
        return replace(
            data,
            keywords=list(data.keywords),
            publics=list(data.publics),
            fundings=list(data.fundings),
        )


STEPS = [
    (1, "Identité et territoire", IdentityForm),
    (2, "Descriptif et valeur ajoutée", DescriptionForm),
    (3, "Porteur, public, partenaires et référents", PeopleForm),
    (4, "Résultats et mots-clés", ResultsForm),
    (5, "Résultats en chiffres", OutcomesForm),
    (6, "Pour essaimer", KitForm),
]


# Fields checked before sending that are not among a step's inputs' NEEDED_TO_SUBMIT (the
# region must be in the call's scope).
_CHECKED_AT_SUBMISSION = {"region"}


def step_of(field_name: str) -> int | None:
    """The step whose form has *field_name* (to link a missing item of the preview to it)."""
    for number, _, form_class in STEPS:
        if field_name in form_class.base_fields:
            return number
    return None


def steps_progress(initiative, missing: dict[str, str]) -> list[dict]:
    """Each step with its state: « complétée » when the fields it holds that sending needs are
    filled (*missing*: services.submission_missing_fields), « à compléter » otherwise,
    « facultative » when it holds none."""
    from .services import NEEDED_TO_SUBMIT

    needed = NEEDED_TO_SUBMIT.keys() | _CHECKED_AT_SUBMISSION
    progress = []
    for number, title, form_class in STEPS:
        mine = needed & form_class.base_fields.keys()
        if not mine:
            state = "facultative"
        elif mine & missing.keys():
            state = "à compléter"
        else:
            state = "complétée"
        progress.append({"number": number, "title": title, "state": state})
    return progress


class FullForm(IdentityForm, DescriptionForm, PeopleForm, ResultsForm, OutcomesForm, KitForm):
    """Every field of the fiche at once, with provenance, indicators and the transfer kit
    (curators' edit form)."""

    event = forms.ModelChoiceField(
        label="Événement de provenance",
        queryset=Event.objects.all(),
        required=False,
        empty_label="— Aucun —",
    )
    provenance_status = forms.ChoiceField(
        label="Statut de provenance",
        choices=[("", "— Aucun —"), *ProvenanceStatus.choices],
        required=False,
    )
    provenance_category = PlainTextField(
        label="Catégorie (Trophées FSE, initiative retenue)",
        limit=limits.INITIATIVE["provenance_category"],
        required=False,
    )
    comment = PlainTextField(
        label="Commentaire de révision",
        limit=limits.REVISION_COMMENT,
        required=False,
        help_text="Ce qui change et pourquoi (visible dans l’historique).",
    )
    plain_data_fields = (
        IdentityForm.data_fields
        + DescriptionForm.data_fields
        + PeopleForm.data_fields
        + ResultsForm.data_fields
        + ("event", "provenance_status", "provenance_category")
        + OutcomesForm.data_fields
    )
    data_fields = plain_data_fields + KitForm.data_fields
    field_order = [
        *plain_data_fields,
        *(name for _, names in KitForm.SECTIONS for name in names),
        "comment",
    ]
    all_optional = False
    required_note = (
        "Sauf mention contraire, tous les champs sont nécessaires à la publication de la fiche."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The proposal asks the holder; a curator sets the same field for them.
        interval = self.fields["check_interval_months"]
        interval.label = "Rythme de vérification de la fiche"
        interval.help_text = (
            "Tous les combien de mois les contacts du porteur reçoivent le courriel «\u00a0Votre "
            "fiche est-elle toujours d’actualité\u202f?\u00a0»."
        )
        self._bound_fields_cache.pop("check_interval_months", None)  # made with the old label

    def apply(self, data: InitiativeData) -> InitiativeData:
        data = KitForm.apply(self, data)
        data = replace(data, **{name: self.cleaned_data[name] for name in self.plain_data_fields})
        return replace(
            data,
            keywords=list(data.keywords),
            publics=list(data.publics),
            fundings=list(data.fundings),
        )

    @classmethod
    def initial_from(cls, data: InitiativeData, version: int) -> dict:
        initial = {name: getattr(data, name) for name in cls.plain_data_fields}
        return {**initial, **KitForm.initial_from(data, version)}


class TransitionForm(DsfrBaseForm):
    to = forms.ChoiceField(choices=PublicationStatus.choices)
    reason = PlainTextField(
        label="Motif (envoyé au contributeur)",
        limit=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CommentForm(DsfrBaseForm):
    text = PlainTextField(
        label="Commentaire",
        limit=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Le commentaire est vide."},
    )


# An account's identifier, named alike at sign-up, log-in and password reset.
IDENTIFIER_LABEL = "Adresse électronique"


class SignupForm(DsfrBaseForm):
    email = forms.EmailField(
        label=IDENTIFIER_LABEL,
        help_text="Elle vous servira d’identifiant ; un lien de confirmation y sera envoyé.",
        error_messages={
            "invalid": "Saisissez une adresse électronique valide (ex. nom@domaine.fr)."
        },
    )
    first_name = PlainTextField(label="Prénom", max_length=150, required=False)
    last_name = PlainTextField(label="Nom", max_length=150, required=False)
    password1 = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput,
        strip=False,
        help_text="Au moins 8 caractères, pas uniquement des chiffres.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe", widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif first:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(
                username=cleaned.get("email", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique du contributeur")
    first_name = PlainTextField(label="Prénom", max_length=150, required=False)
    last_name = PlainTextField(label="Nom", max_length=150, required=False)
    message = PlainTextField(
        label="Message",
        limit=limits.INVITE_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CallForm(DsfrBaseForm):
    title = PlainTextField(label="Intitulé", limit=limits.CALL["title"])
    text = PlainTextField(
        label="Texte de l’appel",
        limit=limits.CALL["text"],
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    opens_at = forms.DateTimeField(
        label="Ouverture",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label="Clôture",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    # « National » is the pseudo-region of fiches with no region, not a region a call can be
    # limited to: a national call is one with no region ticked.
    regions = forms.ModelMultipleChoiceField(
        label="Régions concernées",
        queryset=Region.objects.filter(is_national=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : appel national (toutes les régions, et les fiches "
        "nationales).",
    )


class EventForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Événement", choices=EventKind.choices)
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    title = PlainTextField(label="Intitulé", limit=limits.EVENT["title"], required=False)
    date = forms.DateField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    location = PlainTextField(label="Lieu", limit=limits.EVENT["location"], required=False)
    description = PlainTextField(
        label="Présentation",
        limit=limits.EVENT["description"],
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    categories = LinesField(
        label="Catégories (Trophées FSE)",
        limit=limits.EVENT["categories"],
        required=False,
        help_text="Une catégorie par ligne.",
    )


class SiretForm(DsfrBaseForm):
    """A porteur's SIRET, typed as printed (« 362 521 879 00034 »); checked by its key."""

    siret = forms.CharField(
        label="Numéro SIRET",
        max_length=40,
        required=False,
        help_text="14 chiffres, espaces permis ; laisser vide s’il est inconnu.",
    )

    def clean_siret(self):
        value = self.cleaned_data["siret"]
        if message := siret_error(value):
            raise ValidationError(message)
        return siret_normalize(value)


class NumberForm(DsfrBaseForm):
    number = forms.IntegerField(
        label="Numéro dans l’édition en préparation",
        min_value=1,
        required=False,
        help_text="Vide : retirer la fiche de l’édition.",
    )


class MergeForm(DsfrBaseForm):
    target = forms.IntegerField(label="Fiche existante (identifiant)", widget=forms.HiddenInput)
    # One checkbox per row of the comparison (contributions/curation/merge.html), not here.
    fields_from_duplicate = forms.MultipleChoiceField(
        label="Prendre la valeur du doublon",
        required=False,
        widget=forms.MultipleHiddenInput,
        choices=[],
    )
    fields_combined = forms.MultipleChoiceField(
        label="Combiner", required=False, widget=forms.MultipleHiddenInput, choices=[]
    )
    note = PlainTextField(
        label="Note (envoyée au contributeur du doublon)",
        limit=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": VERSION_MISSING},
    )


class InstitutionChangeForm(DsfrBaseForm):
    """An institution that changed names (catalogue.services.institution_change_save checks
    the rest: one old and one new name at least, domains, duplicates)."""

    _limits = limits.INSTITUTION_CHANGE
    old_acronym = PlainTextField(label="Ancien sigle", limit=_limits["old_acronym"], required=False)
    old_name = PlainTextField(label="Ancien nom", limit=_limits["old_name"], required=False)
    new_acronym = PlainTextField(
        label="Nouveau sigle", limit=_limits["new_acronym"], required=False
    )
    new_name = PlainTextField(label="Nouveau nom", limit=_limits["new_name"], required=False)
    changed_on = forms.DateField(
        label="Date du changement", widget=forms.DateInput(attrs={"type": "date"})
    )
    source = PlainTextField(
        label="Source",
        limit=_limits["source"],
        required=False,
        help_text="Le texte qui décide le changement (ex. « Décret n° 2020-1545 du 9 décembre "
        "2020 »).",
    )
    source_url = PlainTextField(
        label="Adresse de la source", limit=_limits["source_url"], required=False
    )
    note = PlainTextField(
        label="Remarque",
        limit=_limits["note"],
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    old_mail_domains = LinesField(
        label="Domaines de messagerie anciens",
        limit=_limits["old_mail_domains"],
        required=False,
        help_text="Un domaine par ligne (ex. direccte.gouv.fr) : les fiches dont un contact a "
        "une adresse de ce domaine sont signalées.",
    )

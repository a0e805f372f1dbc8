"""Forms of the contacts app: they parse and check what a person typed, in French; the
services write."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from cahier.contributions.forms import PlainTextField
from cahier.core import limits

from . import tokens
from .enums import RequestStatus
from .services import INVALID_EMAIL

ONE_LINE = "{} tient sur une seule ligne."
# Robots fill every field they find; people never see this one (contacts.css hides it).
HONEYPOT = "site_web"


class OneLineField(PlainTextField):
    """A name, an organisation, a territory: one line (they go into e-mails)."""

    def to_python(self, value):
        if value and ("\n" in value or "\r" in value):
            raise ValidationError(ONE_LINE.format(self.limit.subject), code="one_line")
        return super().to_python(value)


class ContactForm(DsfrBaseForm):
    name = OneLineField(
        label="Votre nom",
        limit=limits.CONTACT["name"],
        error_messages={"required": "Indiquez votre nom."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = OneLineField(
        label="Votre organisme",
        limit=limits.CONTACT["organisation"],
        required=False,
        help_text="Collectivité, association, service de l’État…",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    territory = OneLineField(
        label="Votre territoire",
        limit=limits.CONTACT["territory"],
        required=False,
        help_text="Commune, département, bassin d’emploi…",
    )
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=limits.CONTACT["email"].chars,
        help_text="Les réponses vous parviendront à cette adresse. Format attendu : nom@domaine.fr",
        error_messages={"required": "Indiquez votre adresse électronique."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    message = PlainTextField(
        label="Votre message",
        limit=limits.CONTACT["message"],
        help_text=(
            "Présentez-vous et dites ce qui vous intéresse dans ce projet "
            f"({limits.number(limits.CONTACT['message'].chars)} caractères au plus)."
        ),
        error_messages={"required": "Écrivez votre message."},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(
        label="J’accepte que ces informations soient transmises aux contacts de la fiche et "
        "conservées 12 mois.",
        error_messages={
            "required": "Cochez la case pour accepter la transmission de votre demande."
        },
    )
    site_web = forms.CharField(required=False, label="Ne pas remplir ce champ")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = INVALID_EMAIL.format(
            (self.data.get("email") or "").strip()
        )
        if not self.is_bound:
            self.initial.setdefault("token", tokens.form_token())

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise ValidationError(
                "Votre demande n’a pas été envoyée : le formulaire semble avoir été rempli par "
                "un programme. Si c’est une erreur, rechargez la page et recommencez.",
                code="honeypot",
            )
        try:
            cleaned["key"] = tokens.form_key(self.data.get("token", ""))
        except tokens.TokenError as error:
            raise ValidationError(str(error), code="token") from error
        return cleaned

    def renew_token(self) -> None:
        """After an expired or altered form: a fresh token, what was typed kept."""
        data = self.data.copy()
        data["token"] = tokens.form_token()
        self.data = data


class FilterForm(forms.Form):
    etat = forms.ChoiceField(
        label="État", required=False, choices=[("", "Tous"), *RequestStatus.choices]
    )
    region = forms.CharField(label="Région", required=False)


class RegionReferentForm(DsfrBaseForm):
    """One region's referent, on the curators' page (prefix: the region's slug)."""

    organisation = OneLineField(
        label="Organisme", limit=limits.REFERENT["organisation"], required=False
    )
    service = OneLineField(label="Service", limit=limits.REFERENT["service"], required=False)
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=limits.REFERENT["email"].chars,
        required=False,
        error_messages={
            "invalid": "Adresse électronique invalide (exemple : pole@dreets.gouv.fr)."
        },
    )

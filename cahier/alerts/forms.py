"""The « Me prévenir » forms: an address and a frequency (and, from the home page and the
regions page, a region). The honeypot is not a form field: views.py reads it."""

from django import forms
from dsfr.forms import DsfrBaseForm

from cahier.catalogue.models import Region
from cahier.core import limits

from .enums import Frequency

# A field hidden from people (CSS, aria-hidden, no tab stop) that bots fill in.
HONEYPOT = "site_web"


class SubscribeForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=limits.ALERT["email"].chars,
        help_text="Format attendu : nom@domaine.fr. Un lien de confirmation y sera envoyé ; "
        "rien d’autre avant que vous ne l’ouvriez.",
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide (ex. nom@domaine.fr).",
            "max_length": f"{limits.ALERT['email'].subject} dépasse "
            f"{limits.number(limits.ALERT['email'].chars)} caractères.",
        },
    )
    frequency = forms.ChoiceField(
        label="Fréquence des courriels",
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une fréquence.",
            "invalid_choice": "Choisissez une fréquence.",
        },
    )


class RegionSubscribeForm(SubscribeForm):
    region = forms.ChoiceField(
        label="Votre région",
        error_messages={
            "required": "Choisissez une région.",
            "invalid_choice": "Choisissez une région de la liste.",
        },
    )
    field_order = ["region", "email", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Choisir une région")] + list(
            Region.objects.order_by("position", "name").values_list("slug", "name")
        )


class FrequencyForm(DsfrBaseForm):
    frequency = forms.ChoiceField(
        label="Fréquence des courriels",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une fréquence."},
    )

"""The forms of the upload page: the file, then the confirmation (and its « publish » box)."""

from django import forms
from dsfr.forms import DsfrBaseForm

from cahier.core import limits


class UploadForm(DsfrBaseForm):
    file = forms.FileField(
        label="Tableur à importer",
        # DSFR's upload component styles the browser's own file input.
        widget=forms.FileInput(attrs={"class": "fr-upload", "accept": ".xlsx,.csv"}),
        help_text=(
            "Classeur .xlsx ou fichier .csv rempli d’après le modèle, "
            f"{limits.number(limits.SPREADSHEET_MAX_BYTES // (1 << 20))}\u00a0Mo et "
            f"{limits.number(limits.SPREADSHEET_MAX_ROWS)} initiatives au plus."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > limits.SPREADSHEET_MAX_BYTES:
            raise forms.ValidationError(
                f"Le fichier dépasse {limits.SPREADSHEET_MAX_BYTES // (1 << 20)}\u00a0Mo, la "
                "limite d’un import : découpez-le en plusieurs fichiers. Rien n’a été importé."
            )
        return upload


class ConfirmForm(DsfrBaseForm):
    publish = forms.BooleanField(
        label="Publier directement les fiches (sinon, elles arrivent dans la file d’examen)",
        required=False,
    )

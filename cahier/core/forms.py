"""The site's form conventions, declared once and applied to every form.

- **Required and optional fields** (the DSFR rule): a field is required unless its label says
  « (facultatif) »; each form says so once, above its fields (`REQUIRED_NOTE`). A field that a
  draft may leave empty but that is needed to send the proposal (`needed_to_submit`) is not
  optional, and a field one of whose answers is always ticked (`preset`) needs no mark.
- **Errors**: a DSFR alert above the form, « Le formulaire contient N erreurs », one link per
  field to its input (`error_summary`), and « Erreur : » before the page title
  (`has_form_errors`, used by www/base.html).

Every DsfrBaseForm field is rendered by our copies of django-dsfr's field templates
(core/templates/forms/dsfr/…), found first by `FormRenderer` (settings.FORM_RENDERER).
"""

from dataclasses import dataclass
from pathlib import Path

import dsfr
from django import forms
from django.forms.forms import BaseForm
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

OPTIONAL_MARK = " (facultatif)"
REQUIRED_NOTE = "Sauf mention contraire, tous les champs sont obligatoires."
ERROR_TITLE_PREFIX = "Erreur\u00a0: "

_OVERRIDES = Path(__file__).resolve().parent / "templates" / "forms"


class FormRenderer(DjangoTemplates):
    """django-dsfr's renderer (dsfr.forms.DsfrDjangoTemplates) with our field templates first
    (the « (facultatif) » rule)."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    _OVERRIDES,
                    Path(dsfr.__path__[0]) / "templates",
                    Path(forms.__path__[0]) / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


def is_optional(field: forms.Field) -> bool:
    """Whether the label of *field* says « (facultatif) »."""
    return not (
        field.required
        or getattr(field, "preset", False)
        or getattr(field, "needed_to_submit", False)
    )


def optional_mark(field: forms.Field) -> str:
    return OPTIONAL_MARK if is_optional(field) else ""


def field_anchor(bound_field) -> str:
    """The id an error link goes to: the input itself (the first one of a group)."""
    return bound_field.id_for_label or bound_field.auto_id


@dataclass(frozen=True)
class FormError:
    label: str
    message: str
    anchor: str  # "" for an error about the whole form


def form_errors(form: BaseForm) -> list[FormError]:
    """The errors of a bound form, in the order of its fields, the form's own ones first."""
    if not form.is_bound or not form.errors:
        return []
    found = [FormError("", str(message), "") for message in form.non_field_errors()]
    for bound_field in form:
        if bound_field.is_hidden or not bound_field.errors:
            continue
        anchor = field_anchor(bound_field)
        found += [
            FormError(str(bound_field.label), str(message), anchor)
            for message in bound_field.errors
        ]
    return found


def errors_heading(count: int) -> str:
    return f"Le formulaire contient {count}\u00a0erreur{'s' if count > 1 else ''}"


def required_note(form: BaseForm) -> str:
    """The sentence above a form that has a field without « (facultatif) »: the form's own
    (`required_note`, e.g. the proposal's « needed to send ») or the site's. A form of one
    field needs none (its label is the whole form), nor one whose unmarked fields are all
    `preset` (an answer is always ticked: nothing to fill)."""
    visible = [bound_field.field for bound_field in form if not bound_field.is_hidden]
    if len(visible) < 2 or not any(
        field.required or getattr(field, "needed_to_submit", False) for field in visible
    ):
        return ""
    return getattr(form, "required_note", REQUIRED_NOTE)


def has_form_errors(values) -> bool:
    """Whether one of *values* (a template context's) is a form showing errors.

    `type()`, not `isinstance()`: the context holds lazy objects (the CSRF token, the user) that
    `isinstance` would evaluate — the token would then set a cookie on every reading page."""
    return any(
        issubclass(type(value), BaseForm) and value.is_bound and bool(value.errors)
        for value in values
    )

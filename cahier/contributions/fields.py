"""Form fields shared by the contributions forms: plain text, one item per line, repeatable
groups of records (funders, indicators…), and the base of every form editing a fiche."""

from dataclasses import dataclass, replace

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from cahier.catalogue.services import VERSION_MISSING, InitiativeData
from cahier.catalogue.structured import figure_text
from cahier.core import limits
from cahier.core.cleaning import clean_lines, clean_text

from .uploads import pdf_problem


class PlainTextField(forms.CharField):
    """Plain text, kept as typed (« < » included) once cleaned (see cahier.core.cleaning); its
    *limit* (core/limits.py) gives max_length and is checked before the text is cleaned."""

    def __init__(self, *args, limit: limits.Limit | None = None, **kwargs):
        self.limit = limit
        if limit is not None:
            kwargs["max_length"] = limit.chars
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if self.limit is not None and (message := limits.problem(value, self.limit)):
            raise ValidationError(message, code="max_length")
        return clean_text(value)


class LinesField(forms.CharField):
    """One item per line (partners, links…); a leading « - » is dropped. Its *limit* bounds
    the number of items and each item, checked before the items are cleaned."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, limit: limits.Limit | None = None, **kwargs):
        self.limit = limit
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        raw = super().to_python(value) or ""
        if self.limit is not None:
            if limits.length(raw) > self.limit.form_chars:
                raise ValidationError(
                    limits.too_long(replace(self.limit, chars=self.limit.form_chars), len(raw)),
                    code="max_length",
                )
            lines = [line for line in raw.split("\n") if line.strip()]
            if message := limits.problem(lines, self.limit):
                raise ValidationError(message, code="max_length")
        items = clean_lines(raw.split("\n"))
        return [item[2:].strip() if item.startswith("- ") else item for item in items]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class DataForm(DsfrBaseForm):
    """A form editing some fields of InitiativeData; `version` carries the optimistic lock
    (required: without it a save could overwrite someone else's, see views.common)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING},
    )
    data_fields: tuple[str, ...] = ()
    # Above the proposal's fields (core/forms.py): a draft saves incomplete.
    required_note = (
        "Sauf mention contraire, tous les champs sont nécessaires à l’envoi de la proposition. "
        "Le brouillon s’enregistre même incomplet."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import NEEDED_TO_SUBMIT  # services → forms would be a cycle

        for name in NEEDED_TO_SUBMIT.keys() & self.fields.keys():
            self.fields[name].needed_to_submit = True

    def clean(self):
        # The version is a hidden field: say it where the person reads (above the form).
        if "version" in self.errors:
            self.add_error(None, VERSION_MISSING)
        return super().clean()

    def apply(self, data: InitiativeData) -> InitiativeData:
        return replace(data, **{name: self.cleaned_data[name] for name in self.data_fields})

    @classmethod
    def initial_from(cls, data: InitiativeData, version: int) -> dict:
        initial = {name: getattr(data, name) for name in cls.data_fields}
        initial["version"] = version
        return initial


def errors_to_form(form, error: ValidationError) -> None:
    """A service's ValidationError shown on *form*: by field when the form has it, else above
    the form (what was typed stays)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass(frozen=True)
class Column:
    """One input of a repeated record: its key (structured.*_KEYS), label and kind (« text »,
    « number », « url », « email », « tel », « select », « checkbox », « file »), and how wide
    it is on a row of twelve columns (DSFR grid)."""

    key: str
    label: str
    kind: str = "text"
    width: int = 6
    choices: tuple = ()
    hint: str = ""
    max_length: int | None = None


def columns_of(keys, key_limits: dict[str, limits.Limit]) -> list[Column]:
    """The form's columns of a record declared in catalogue/structured.py (its `*_FIELDS`:
    key, label, kind, width, hint), each text bounded by its limit (core/limits.py)."""
    return [
        Column(
            key.key,
            key.label,
            key.kind,
            width=key.width,
            hint=key.hint,
            max_length=key_limits[key.key].chars if key.key in key_limits else None,
        )
        for key in keys
    ]


class RecordsWidget(forms.Widget):
    """N rows of inputs named `<name>-<i>-<key>`, `<name>-rows` counting them; one empty row
    more than the records, and a « Ajouter une ligne » button: a submit button without
    JavaScript (the page comes back with one more row), a row added in place with it
    (static/contributions/records.js)."""

    template_name = "contributions/widgets/records.html"
    needs_multipart_form = False

    def __init__(self, columns, *, noun: str, max_rows: int, attrs=None):
        super().__init__(attrs)
        self.columns = tuple(columns)
        self.noun = noun
        self.max_rows = max_rows
        self.needs_multipart_form = any(column.kind == "file" for column in self.columns)
        self.extra = 0  # empty rows asked for (« Ajouter une ligne » without JavaScript)

    def id_for_label(self, id_):
        # The first input of the first row: where a label or an error link leads.
        return f"{id_}-0-{self.columns[0].key}" if id_ and self.columns else id_

    def blank(self) -> dict:
        return {column.key: (False if column.kind == "checkbox" else "") for column in self.columns}

    def value_from_datadict(self, data, files, name):
        try:
            count = int(data.get(f"{name}-rows", 0))
        except (TypeError, ValueError):
            count = 0
        count = max(0, min(count, self.max_rows))
        rows = []
        for index in range(count):
            row = {}
            for column in self.columns:
                key = f"{name}-{index}-{column.key}"
                if column.kind == "checkbox":
                    row[column.key] = key in data
                elif column.kind == "file":
                    row[column.key] = files.get(key)
                else:
                    row[column.key] = data.get(key, "")
            rows.append(row)
        if data.get("add_row") == name and len(rows) < self.max_rows:
            rows.append(self.blank())
        return rows

    def value_omitted_from_data(self, data, files, name):
        return False

    def _row(self, name: str, index, values: dict) -> dict:
        cells = []
        for column in self.columns:
            value = values.get(column.key, "")
            if column.kind == "file" or value is None:
                value = ""
            elif isinstance(value, int | float) and not isinstance(value, bool):
                value = figure_text(value)
            cells.append(
                {
                    "column": column,
                    "name": f"{name}-{index}-{column.key}",
                    "id": f"id_{name}-{index}-{column.key}",
                    "value": value,
                }
            )
        return {
            "index": index,
            "number": index + 1 if isinstance(index, int) else "",
            "cells": cells,
        }

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        records = [dict(item) for item in (value or []) if isinstance(item, dict)]
        if not records or any(v not in ("", False, None) for v in records[-1].values()):
            records.append(self.blank())
        records.extend(self.blank() for _ in range(self.extra))
        records = records[: self.max_rows]
        context["widget"].update(
            {
                "rows": [self._row(name, index, record) for index, record in enumerate(records)],
                "template_row": self._row(name, "__index__", self.blank()),
                "count": len(records),
                "noun": self.noun,
                "max_rows": self.max_rows,
                "full": len(records) >= self.max_rows,
            }
        )
        return context


class RecordsField(forms.Field):
    """A list of records (structured.py): typed rows cleaned and checked by the one rule of
    the catalogue (*clean* and *errors*, e.g. structured.clean_outcomes / outcome_errors), so
    that « Indicateur 2 : la valeur manque. » appears under this field before any save."""

    def __init__(self, *, columns, noun, clean, errors, limit: limits.Limit, **kwargs):
        self.clean_records, self.record_errors, self.limit = clean, errors, limit
        kwargs.setdefault("required", False)
        kwargs.setdefault("template_name", "contributions/widgets/records_field.html")
        kwargs["widget"] = RecordsWidget(columns, noun=noun, max_rows=limit.items or 30)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        rows = [row for row in (value or []) if isinstance(row, dict)]
        texts = [{k: v for k, v in row.items() if isinstance(v, str)} for row in rows]
        if message := limits.problem(texts, self.limit):
            raise ValidationError(message, code="max_length")
        return rows

    def validate(self, value):
        records = self.clean_records(value)
        if messages := self.record_errors(records):
            raise ValidationError(messages)

    def clean(self, value):
        return self.clean_records(super().clean(value))


class ResourcesField(RecordsField):
    """Resources: a link, or a PDF uploaded here (checked by its first bytes and its size)."""

    def validate(self, value):
        problems = []
        for number, row in enumerate(structured_rows(value), 1):
            if row.get("file") is not None and (message := pdf_problem(row["file"])):
                problems.append(f"Ressource {number}\u00a0: {message}")
        placeholder = [
            {**row, "url": row.get("url") or ("/media/" if row.get("file") else "")}
            for row in value
        ]
        problems += self.record_errors(self.clean_records(placeholder))
        if problems:
            raise ValidationError(problems)

    def clean(self, value):
        rows = structured_rows(self.to_python(value))
        self.validate(rows)
        kept = []
        for row in rows:
            record = self.clean_records([row])
            if record or row.get("file") is not None:
                resource = record[0] if record else {"title": "", "url": ""}
                kept.append({**resource, "file": row.get("file")})
        return kept


def structured_rows(rows) -> list[dict]:
    """The typed rows that hold something (a row only ticked or only blank is no record)."""
    return [
        row for row in rows or [] if any(value not in ("", None, False) for value in row.values())
    ]

"""One cell of the spreadsheet turned into what its column holds (columns.Kind), or a French
message saying why it cannot be. Raises CellError; the row checks (checking.py) place it."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from cahier.catalogue.services import YEAR_RANGE
from cahier.core import limits
from cahier.core.cleaning import link_error

from .columns import Column, Kind
from .problems import quoted
from .vocabulary import Vocabulary

ERROR_VALUES = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}
_ITEMS = re.compile(r"\s*(?:\n|;)\s*")
_LINES = re.compile(r"\s*\n\s*")
# What « Vouliez-vous dire » is about, by vocabulary.
NOUNS = {
    "regions": "une région connue",
    "keywords": "un mot-clé du catalogue",
    "publics": "un type de public du catalogue",
    "fundings": "un financement du catalogue",
    "events": "un événement du catalogue (JITE ou Trophées FSE, voir la liste)",
    "provenance_statuses": "un statut de provenance",
    "project_statuses": "un statut de projet",
    "check_intervals": "un rythme de vérification (6, 12 ou 24\u00a0mois)",
}
FORMULA = (
    "la cellule est une formule (elle commence par « = ») : une formule n’est pas importée, "
    "son résultat dépend du tableur et elle pourrait s’exécuter quand le fichier est rouvert. "
    "Remplacez-la par sa valeur (Copier puis Collage spécial → Valeurs), ou retirez le « = » "
    "du début."
)


class CellError(ValueError):
    pass


def cell_text(value) -> str:
    """The text of a cell; numbers become text, other types (dates, booleans) are refused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("une valeur VRAI/FAUX n’est pas attendue ici : écrivez du texte.")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, datetime.date | datetime.time):
        raise CellError(
            "une date n’est pas attendue ici : le tableur a pris le texte pour une date "
            "(mettez la cellule au format « Texte »)."
        )
    if not isinstance(value, str):
        raise CellError("cette valeur n’est pas du texte.")
    if len(value) > limits.SPREADSHEET_MAX_CELL_CHARS:
        raise CellError(f"la cellule dépasse {limits.number(len(value))} caractères.")
    if value.lstrip().startswith("="):
        raise CellError(FORMULA)
    if value.strip() in ERROR_VALUES:
        raise CellError(f"la cellule contient une erreur du tableur ({value.strip()}).")
    return value.strip()


def _label(vocabulary: Vocabulary, column: Column, label: str):
    value = vocabulary.resolve(column.vocabulary, label)
    if value is not None:
        return value
    message = f"{quoted(label)} n’est pas {NOUNS[column.vocabulary]}."
    suggestion = vocabulary.suggestion(column.vocabulary, label)
    if suggestion:
        message += f" Vouliez-vous dire {quoted(suggestion)}\u202f?"
    raise CellError(message)


def _emails(items: list[str]) -> list[str]:
    for item in items:
        try:
            validate_email(item)
        except ValidationError as error:
            raise CellError(f"{quoted(item)} n’est pas une adresse électronique valide.") from error
    return items


def _links(items: list[str]) -> list[str]:
    for item in items:
        if message := link_error(item):
            raise CellError(message)
    return items


def _year(text: str) -> int | None:
    if not text:
        return None
    low, high = YEAR_RANGE
    if not re.fullmatch(r"\d{4}", text) or not low <= int(text) <= high:
        raise CellError(f"{quoted(text)} n’est pas une année (quatre chiffres, ex.\u00a02024).")
    return int(text)


def _terms(vocabulary: Vocabulary, column: Column, items: list[str]) -> list:
    found, messages = [], []
    for item in items:
        try:
            found.append(_label(vocabulary, column, item))
        except CellError as error:
            messages.append(str(error))
    if messages:
        raise CellError(" ".join(messages))
    return list(dict.fromkeys(found))


def convert(value, column: Column, vocabulary: Vocabulary):
    """What *value* (a raw cell) holds for *column*: text, a list, a model instance or a year."""
    text = cell_text(value)
    kind = column.kind
    if kind in (Kind.LINE, Kind.TEXT):
        return text
    if kind == Kind.YEAR:
        return _year(text)
    if kind == Kind.CHOICE:
        return _label(vocabulary, column, text) if text else None
    items = [item for item in (_LINES if kind == Kind.LIST else _ITEMS).split(text) if item]
    if kind == Kind.EMAILS:
        return _emails([i.strip() for part in items for i in part.split(",") if i.strip()])
    if kind == Kind.LINKS:
        return _links(items)
    if kind == Kind.TERMS:
        return _terms(vocabulary, column, items)
    return items

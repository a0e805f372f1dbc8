"""An open-data JSON file checked against the contract (docs/open-data.md) before it is loaded:
a JSON syntax error is named by its line and column, a field of the wrong shape by its path
(« initiatives[3].keywords[0] »), in French. The record's shape is the API's
(`schemas.InitiativeRecord`), so the check follows the contract when a field is added."""

import builtins
import functools
import json
import types
import typing

from pydantic import BaseModel, ValidationError, create_model

from cahier.core.text import count_fr
from cahier.opendata.schemas import InitiativeRecord


class DocumentError(ValueError):
    """The file is not an open-data document: *message* says where and why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@functools.cache
def plain(schema: type[BaseModel]) -> type[BaseModel]:
    """The API's django-ninja *schema* as a plain pydantic model (nested schemas too): a ninja
    schema reads any object through its attributes, so « "provenance": "JITE" » would pass as
    an empty object."""
    fields = {name: (_plain(info.annotation), info) for name, info in schema.model_fields.items()}
    return create_model(schema.__name__, **fields)


def _plain(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return plain(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return list[_plain(args[0])]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_plain(arg) for arg in args)]  # noqa: UP007
    return annotation


class Schema(BaseModel):
    pass


class EditionEntry(Schema):
    number: int
    title: str


class EditionPart(Schema):
    slug: str
    year: int
    title: str
    subtitle: str = ""
    publisher: str = ""
    edito: str = ""
    edito_signature: str = ""
    list: builtins.list[EditionEntry] = []


class Term(Schema):
    label: str
    slug: str = ""
    position: int = 0


class Taxonomies(Schema):
    keywords: list[Term] = []
    publics: list[Term] = []
    fundings: list[Term] = []


class GlossaryEntry(Schema):
    acronym: str
    definition: str


class LoadedRecord(plain(InitiativeRecord)):
    # Files exported before the permanent `id` existed are still loaded (the loader gives one).
    id: str | None = None


class Document(Schema):
    initiatives: list[LoadedRecord]
    edition: EditionPart | None = None
    glossary: list[GlossaryEntry] = []
    taxonomies: Taxonomies = Taxonomies()


EXPECTED = {
    "missing": "champ obligatoire absent",
    "string_type": "un texte est attendu",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "int_from_float": "un nombre entier est attendu",
    "list_type": "une liste est attendue",
    "dict_type": "un objet { … } est attendu",
    "model_type": "un objet { … } est attendu",
    "model_attributes_type": "un objet { … } est attendu",
}


# json's messages, in French (the others are shown as they are).
SYNTAX = {
    "Expecting property name enclosed in double quotes": (
        "nom de champ entre guillemets droits attendu (une virgule de trop ?)"
    ),
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu après le nom du champ",
    "Expecting value": "valeur attendue",
    "Extra data": "texte après la fin du document",
    "Unterminated string starting at": "texte non fermé (guillemet manquant)",
    "Invalid control character at": "caractère de contrôle dans un texte",
}


def _path(location: tuple) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors()[:10]:
        expected = EXPECTED.get(item["type"], item["msg"])
        problems.append(f"{_path(item['loc'])}\u00a0: {expected}")
    more = error.error_count() - len(problems)
    suffix = f" (et {count_fr(more, 'autre')})" if more > 0 else ""
    return (
        "Le fichier ne suit pas le contrat des données ouvertes\u00a0: "
        + " ; ".join(problems)
        + suffix
        + "."
    )


def document_parse(text: str) -> dict:
    """The document *text* holds, checked; DocumentError otherwise."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"JSON mal formé, ligne {error.lineno}, colonne {error.colno}\u00a0: "
            f"{SYNTAX.get(error.msg, error.msg)}."
        ) from error
    if not isinstance(document, dict):
        raise DocumentError(
            "Le fichier n’est pas un document des données ouvertes\u00a0: un objet "
            '{ "initiatives": […], … } est attendu.'
        )
    checked = {key: value for key, value in document.items() if key != "edition"}
    if document.get("edition"):  # an export without edition carries {}
        checked["edition"] = document["edition"]
    try:
        Document.model_validate(checked)
    except ValidationError as error:
        raise DocumentError(_describe(error)) from error
    return document

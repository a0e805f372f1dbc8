"""Import of a cahier document (Markdown with HTML fragments) into the catalogue.

`parse_document(text)` turns the text into a `ParsedCahier` without touching the database and
raises `CahierParseError` (with the line) when the document is malformed; `load_cahier(parsed)`
writes it in one transaction. `cahier import PATH` chains both.
"""

from .document import CahierParseError, ParsedCahier, ParsedFiche
from .loader import ImportReport, load_cahier
from .parser import parse_document

__all__ = [
    "CahierParseError",
    "ImportReport",
    "ParsedCahier",
    "ParsedFiche",
    "load_cahier",
    "parse_document",
]

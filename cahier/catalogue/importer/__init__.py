"""Import of a cahier document (Markdown with HTML fragments) into the catalogue.

`parse_document(text)` turns the text into a `ParsedCahier` without touching the database and
raises `CahierParseError` (with the line) when the document is malformed; `load_cahier(parsed)`
writes it in one transaction, and raises `ImportConflicts` (nothing written) when fiches were
edited since their last import, unless `force=True`. `cahier import PATH` chains both.
"""

from .document import CahierParseError, ParsedCahier, ParsedFiche
from .guard import ImportConflict, ImportConflicts
from .loader import ImportReport, load_cahier
from .parser import parse_document

__all__ = [
    "CahierParseError",
    "ImportConflict",
    "ImportConflicts",
    "ImportReport",
    "ParsedCahier",
    "ParsedFiche",
    "load_cahier",
    "parse_document",
]

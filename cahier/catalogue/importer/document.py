"""What the parser makes of a cahier: plain dataclasses, no database."""

from dataclasses import dataclass, field


class CahierParseError(Exception):
    """The document does not follow the cahier's format. `line` is 1-based."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"ligne {line} : {message}")


@dataclass
class Warning_:
    """An inconsistency of the document, reported and never silently fixed."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


@dataclass
class ListEntry:
    number: int
    title: str
    region: str
    line: int


@dataclass
class IndexEntry:
    """One line of an index: a label and the fiche numbers it cites."""

    label: str
    numbers: list[int]
    line: int


@dataclass
class Provenance:
    event: str  # EventKind value
    year: int
    status: str  # ProvenanceStatus value
    category: str = ""


@dataclass
class ParsedFiche:
    number: int
    title: str
    list_title: str
    region: str  # as printed (resolved to a Region by the loader)
    territory: str
    description: str
    added_value: list[str]
    porteur: str
    public: str
    partners: list[str]
    links: list[str]
    referent_emails: list[str]
    results: str
    provenance: Provenance | None
    line: int  # where the fiche starts
    italic_terms: list[tuple[int, str]] = field(default_factory=list)
    # (list, heading) as printed when they were two spellings of the title made one
    printed_titles: tuple[str, str] | None = None


@dataclass
class ParsedCahier:
    title: str
    subtitle: str
    publisher: str
    year: int | None
    edito: str
    edito_signature: str
    fiche_list: list[ListEntry]
    keywords: list[IndexEntry]
    publics: list[IndexEntry]
    fundings: list[IndexEntry]
    glossary: list[tuple[str, str]]
    fiches: list[ParsedFiche]
    warnings: list[Warning_] = field(default_factory=list)

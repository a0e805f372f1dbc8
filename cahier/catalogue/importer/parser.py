"""Parse a cahier document into a `ParsedCahier`, without touching the database.

The format is the one of the 2019 cahier: a cover, « Edito », « Liste des fiches » by region,
« Repères pour la recherche » (by keyword, by public, « Financements spécifiques »), a
« Glossaire » (SIGLE<TAB>définition), then the fiches. A fiche is: region and territory lines,
its title carrying the footnote call `<sup>1</sup>`, the row « Descriptif du projet<TAB>Valeur
ajoutée de la démarche » followed by one line with the two HTML cells, `**Label :**` fields (the
value may sit on the next lines), the results, and the footnote giving the provenance.

Heading levels are not reliable in the source (a region may be `#` or `##`), so sections and
fiches are found by their text, and every error names the line and what was expected.
"""

import re
from collections.abc import Callable

from cahier.core.prose import french_capitals

from . import markup
from .checks import check_cahier
from .document import CahierParseError, IndexEntry, ListEntry, ParsedCahier, Warning_
from .fiche import parse_fiches
from .lines import Lines, block_text, paragraphs, section_key, strip_heading
from .regions import default_region_resolver

_LIST_ITEM = re.compile(r"^(?:[-*]\s+)?(\d+)\s*[-–—]\s*(.+?)\s*$")
_INDEX_ITEM = re.compile(
    r"^[-*]\s+(?P<label>.+?)\s+[-–—]\s+(?:fiches?\s*:?\s*)?(?P<numbers>\d+(?:\s*[/,;]\s*\d+)*)\s*\.?\s*$",
    re.IGNORECASE,
)


def _find_section(lines: Lines, start: int, predicate, what: str, expected: str) -> int:
    for number, line in lines.numbered(start, len(lines) + 1):
        if line.lstrip().startswith("#") and predicate(section_key(line)):
            return number
    raise CahierParseError(
        min(start, len(lines)), f"section « {what} » introuvable : {expected} est attendu."
    )


def parse_document(
    text: str, *, resolve_region: Callable[[str], str | None] | None = None
) -> ParsedCahier:
    """Parse *text*. `resolve_region(name)` gives a region's official name or None."""
    resolve_region = resolve_region or default_region_resolver()
    if not text.strip():
        raise CahierParseError(1, "le document est vide.")
    if "\x00" in text:
        raise CahierParseError(1, "le document contient des octets nuls : ce n’est pas un texte.")
    lines = Lines(text)
    warnings: list[Warning_] = []

    edito_at = _find_section(
        lines, 1, lambda key: key.startswith("edito"), "Edito", "un titre « ## Edito »"
    )
    list_at = _find_section(
        lines,
        edito_at + 1,
        lambda key: key.startswith("liste des fiches"),
        "Liste des fiches",
        "un titre « # Liste des fiches » après l’édito",
    )
    reperes_at = _find_section(
        lines,
        list_at + 1,
        lambda key: key.startswith("reperes"),
        "Repères pour la recherche",
        "un titre « ## Repères pour la recherche : » après la liste des fiches",
    )
    keywords_at = _find_section(
        lines,
        reperes_at + 1,
        lambda key: key.startswith("par mot"),
        "Par mot-clé",
        "un titre « ### Par mot-clé : »",
    )
    publics_at = _find_section(
        lines,
        keywords_at + 1,
        lambda key: key.startswith("par type de public"),
        "Par type de public visé",
        "un titre « ### Par type de public visé : »",
    )
    fundings_at = _find_section(
        lines,
        publics_at + 1,
        lambda key: key.startswith("financements"),
        "Financements spécifiques",
        "un titre « ## Financements spécifiques : »",
    )
    glossary_at = _find_section(
        lines,
        fundings_at + 1,
        lambda key: key.startswith("glossaire"),
        "Glossaire",
        "un titre « ## Glossaire » après les financements spécifiques",
    )
    body_at = next(
        (n for n, line in lines.numbered(glossary_at + 1, len(lines) + 1) if line.startswith("#")),
        None,
    )
    if body_at is None:
        raise CahierParseError(
            len(lines),
            "aucune fiche après le glossaire : un titre de région (« # Région ») est attendu.",
        )

    title, subtitle, publisher = _parse_cover(lines, edito_at)
    edito, signature = _parse_edito(lines, edito_at + 1, list_at)
    fiche_list = _parse_fiche_list(lines, list_at + 1, reperes_at, resolve_region)
    keywords = _parse_index(lines, keywords_at + 1, publics_at, "Par mot-clé")
    publics = _parse_index(lines, publics_at + 1, fundings_at, "Par type de public visé")
    fundings = _parse_index(lines, fundings_at + 1, glossary_at, "Financements spécifiques")
    glossary = _parse_glossary(lines, glossary_at + 1, body_at)
    fiches = parse_fiches(lines, body_at, fiche_list, resolve_region, warnings)

    years = [f.provenance.year for f in fiches if f.provenance]
    cahier = ParsedCahier(
        title=title,
        subtitle=subtitle,
        publisher=publisher,
        year=max(years) if years else None,
        edito=edito,
        edito_signature=signature,
        fiche_list=fiche_list,
        keywords=keywords,
        publics=publics,
        fundings=fundings,
        glossary=glossary,
        fiches=fiches,
        warnings=warnings,
    )
    check_cahier(cahier, edito_line=edito_at, resolve_region=resolve_region)
    cahier.warnings.sort(key=lambda warning: warning.line)
    return cahier


def _parse_cover(lines: Lines, end: int) -> tuple[str, str, str]:
    texts = [strip_heading(line)[1] for _, line in lines.numbered(1, end) if line.strip()]
    if not texts:
        raise CahierParseError(1, "couverture absente : le titre du cahier (« # … ») est attendu.")
    texts += ["", ""]
    return texts[0], texts[1], texts[2]


def _parse_edito(lines: Lines, start: int, end: int) -> tuple[str, str]:
    blocks = [block_text(raw) for _, raw in paragraphs(lines, start, end)]
    blocks = [block for block in blocks if block]
    # The signature: the short closing lines without a final full stop (name, then function).
    signature: list[str] = []
    while blocks and len(signature) < 3:
        last = blocks[-1]
        if len(last) < 120 and not last.endswith((".", "!", "?", ":")) and "\n" not in last:
            signature.insert(0, blocks.pop())
        else:
            break
    return "\n\n".join(blocks), "\n".join(signature)


def _parse_fiche_list(lines, start, end, resolve_region) -> list[ListEntry]:
    entries: list[ListEntry] = []
    region = ""
    seen: dict[int, int] = {}
    for number, line in lines.numbered(start, end):
        if not line.strip():
            continue
        level, content = strip_heading(line)
        if level:
            region = content
            if resolve_region(region) is None:
                raise CahierParseError(
                    number, f"région inconnue « {content} » dans la liste des fiches."
                )
            continue
        match = _LIST_ITEM.match(content)
        if not match:
            raise CahierParseError(
                number,
                f"ligne inattendue dans la liste des fiches : « {content[:80]} » ; "
                "« - N - Titre de la fiche » ou un titre de région est attendu.",
            )
        if not region:
            raise CahierParseError(
                number, "fiche listée avant toute région : un titre de région est attendu."
            )
        fiche_number = int(match.group(1))
        if fiche_number in seen:
            raise CahierParseError(
                number,
                f"le numéro de fiche {fiche_number} figure deux fois dans la liste "
                f"(déjà ligne {seen[fiche_number]}).",
            )
        seen[fiche_number] = number
        title = markup.inline_to_text(match.group(2))
        entries.append(ListEntry(fiche_number, title, region, number))
    if not entries:
        raise CahierParseError(start, "la liste des fiches est vide.")
    return sorted(entries, key=lambda entry: entry.number)


def _parse_index(lines, start, end, what) -> list[IndexEntry]:
    entries: list[IndexEntry] = []
    for number, line in lines.numbered(start, end):
        if not line.strip():
            continue
        level, content = strip_heading(line)
        if level:
            continue  # an intermediate heading such as « Repères pour la recherche »
        match = _INDEX_ITEM.match(line.strip())
        if not match:
            raise CahierParseError(
                number,
                f"entrée d’index « {what} » illisible : « {content[:80]} » ; "
                "« - Libellé – fiches 1 / 2 / 3 » est attendu.",
            )
        # Capitals with their accents (« Égalité femmes-hommes »): the label is stored, and
        # read as such by the API and the exports (docs/import.md).
        label = french_capitals(markup.inline_to_text(match.group("label")))
        numbers = [int(n) for n in re.findall(r"\d+", match.group("numbers"))]
        entries.append(IndexEntry(label, list(dict.fromkeys(numbers)), number))
    if not entries:
        raise CahierParseError(start, f"l’index « {what} » est vide.")
    return entries


def _parse_glossary(lines, start, end) -> list[tuple[str, str]]:
    terms: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for number, line in lines.numbered(start, end):
        if not line.strip():
            continue
        acronym, tab, definition = line.partition("\t")
        if not tab or not acronym.strip() or not definition.strip():
            raise CahierParseError(
                number,
                f"ligne de glossaire illisible : « {line.strip()[:80]} » ; "
                "« SIGLE<tabulation>définition » est attendu.",
            )
        acronym = acronym.strip()
        if acronym in seen:
            raise CahierParseError(
                number, f"le sigle {acronym} est défini deux fois (déjà ligne {seen[acronym]})."
            )
        seen[acronym] = number
        terms.append((acronym, markup.inline_to_text(definition)))
    return terms

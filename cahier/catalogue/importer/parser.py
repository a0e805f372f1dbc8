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

from cahier.core.text import fold

from . import markup
from .checks import check_cahier
from .document import (
    CahierParseError,
    IndexEntry,
    ListEntry,
    ParsedCahier,
    ParsedFiche,
    Provenance,
    Warning_,
)
from .regions import default_region_resolver

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*]\s+)?(\d+)\s*[-–—]\s*(.+?)\s*$")
_INDEX_ITEM = re.compile(
    r"^[-*]\s+(?P<label>.+?)\s+[-–—]\s+(?:fiches?\s*:?\s*)?(?P<numbers>\d+(?:\s*[/,;]\s*\d+)*)\s*\.?\s*$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\*\*\s*(?P<label>[^*]+?)\s*:?\s*\*\*\s*:?\s*(?P<value>.*)$")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_FOOTNOTE = re.compile(r"^<sup>\s*\d+\s*</sup>\s*(?P<text>.*)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")

# Field labels as the cahier prints them (folded), with the variants seen in 2019.
FIELD_LABELS = {
    "porteur": ("organisme porteur du projet", "organisme porteur", "porteur du projet"),
    "public": ("public cible", "publics cibles", "public vise"),
    "partners": ("partenariats mobilises", "partenaires mobilises", "partenaires", "partenariats"),
    "links": ("lien", "liens"),
    "referent": ("referent direccte", "referent dieccte", "referent dreets", "referents direccte"),
}
CANONICAL_LABELS = {
    "porteur": "Organisme porteur du projet",
    "public": "Public cible",
    "partners": "Partenariats mobilisés",
    "links": "Lien",
    "referent": "Référent DIRECCTE",
}
PRINTED_LABELS = {
    "Organisme porteur du projet",
    "Public cible",
    "Partenariats mobilisés",
    "Partenaires mobilisés",
    "Lien",
    "Liens",
    "Référent DIRECCTE",
    "Référent DIECCTE",
}
ROW_HEADER = "descriptif du projet"


def _strip_heading(text: str) -> tuple[int, str]:
    """(level, text) of a Markdown heading line; level 0 for a plain line. Bold markers removed."""
    match = _HEADING.match(text)
    level, content = (len(match.group(1)), match.group(2)) if match else (0, text.strip())
    content = re.sub(r"\*\*(.*?)\*\*", r"\1", content).strip()
    return level, content


def _section_key(text: str) -> str:
    return fold(_strip_heading(text)[1]).rstrip(" :").strip()


class _Lines:
    """The document's lines with 1-based numbers."""

    def __init__(self, text: str):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def __len__(self) -> int:
        return len(self.lines)

    def get(self, number: int) -> str:
        return self.lines[number - 1]

    def numbered(self, start: int, end: int):
        """Lines start..end-1 (1-based) with their numbers."""
        for number in range(start, end):
            yield number, self.lines[number - 1]


def _find_section(lines: _Lines, start: int, predicate, what: str, expected: str) -> int:
    for number, line in lines.numbered(start, len(lines) + 1):
        if line.lstrip().startswith("#") and predicate(_section_key(line)):
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
        raise CahierParseError(1, "le document contient des octets nuls : ce n'est pas un texte.")
    lines = _Lines(text)
    warnings: list[Warning_] = []

    edito_at = _find_section(
        lines, 1, lambda key: key.startswith("edito"), "Edito", "un titre « ## Edito »"
    )
    list_at = _find_section(
        lines,
        edito_at + 1,
        lambda key: key.startswith("liste des fiches"),
        "Liste des fiches",
        "un titre « # Liste des fiches » après l'édito",
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
    fiches = _parse_fiches(lines, body_at, fiche_list, resolve_region, warnings)

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


def _parse_cover(lines: _Lines, end: int) -> tuple[str, str, str]:
    texts = [_strip_heading(line)[1] for _, line in lines.numbered(1, end) if line.strip()]
    if not texts:
        raise CahierParseError(1, "couverture absente : le titre du cahier (« # … ») est attendu.")
    texts += ["", ""]
    return texts[0], texts[1], texts[2]


def _paragraphs(lines: _Lines, start: int, end: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks: (first line number, raw lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = start
    for number, line in lines.numbered(start, end):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _block_text(raw_lines: list[str]) -> str:
    """A block of Markdown lines as plain text: list items keep "- ", hard breaks a newline."""
    out = []
    for raw in raw_lines:
        level, content = _strip_heading(raw)
        if re.match(r"^\s*[-*•]\s+", raw) and not raw.startswith("**"):
            out.append("- " + markup.inline_to_text(markup.BULLET.sub("", raw, count=1)))
        else:
            out.append(markup.inline_to_text(content if level else raw))
    return "\n".join(part for part in out if part)


def _parse_edito(lines: _Lines, start: int, end: int) -> tuple[str, str]:
    blocks = [_block_text(raw) for _, raw in _paragraphs(lines, start, end)]
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
        level, content = _strip_heading(line)
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
        level, content = _strip_heading(line)
        if level:
            continue  # an intermediate heading such as « Repères pour la recherche »
        match = _INDEX_ITEM.match(line.strip())
        if not match:
            raise CahierParseError(
                number,
                f"entrée d'index « {what} » illisible : « {content[:80]} » ; "
                "« - Libellé – fiches 1 / 2 / 3 » est attendu.",
            )
        label = markup.inline_to_text(match.group("label"))
        numbers = [int(n) for n in re.findall(r"\d+", match.group("numbers"))]
        entries.append(IndexEntry(label, list(dict.fromkeys(numbers)), number))
    if not entries:
        raise CahierParseError(start, f"l'index « {what} » est vide.")
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


def _is_row_header(line: str) -> bool:
    return fold(line.strip()).startswith(ROW_HEADER)


def _parse_fiches(lines, start, fiche_list, resolve_region, warnings) -> list[ParsedFiche]:
    row_headers = [n for n, line in lines.numbered(start, len(lines) + 1) if _is_row_header(line)]
    if not row_headers:
        raise CahierParseError(
            start,
            "aucune fiche trouvée : la ligne « Descriptif du projet<tabulation>Valeur ajoutée "
            "de la démarche » est attendue dans chaque fiche.",
        )
    fiches: list[ParsedFiche] = []
    header_start = start
    for index, row_at in enumerate(row_headers):
        next_row = row_headers[index + 1] if index + 1 < len(row_headers) else len(lines) + 1
        footnote_at = next(
            (
                n
                for n, line in lines.numbered(row_at + 1, next_row)
                if _FOOTNOTE.match(line.strip())
            ),
            None,
        )
        if footnote_at is None:
            raise CahierParseError(
                next_row - 1 if next_row <= len(lines) else len(lines),
                "note de provenance absente : « <sup>1</sup> Projet présenté à la Jite … » est "
                f"attendue à la fin de la fiche commencée ligne {row_at}.",
            )
        fiche = _parse_fiche(
            lines, index + 1, header_start, row_at, footnote_at, resolve_region, warnings
        )
        fiches.append(fiche)
        header_start = footnote_at + 1
        # Lines after the footnote belong to the next fiche's header (region, territory, title).

    if len(fiches) != len(fiche_list):
        raise CahierParseError(
            fiche_list[0].line,
            f"la liste des fiches en compte {len(fiche_list)} mais le corps du document en "
            f"contient {len(fiches)}.",
        )
    for fiche, entry in zip(fiches, fiche_list, strict=True):
        fiche.number = entry.number
        fiche.list_title = entry.title
        if fiche.region and fold(resolve_region(fiche.region) or "") != fold(
            resolve_region(entry.region) or ""
        ):
            warnings.append(
                Warning_(
                    fiche.line,
                    f"fiche {entry.number} « {fiche.title} » : région « {fiche.region} » en tête "
                    f"de fiche mais « {entry.region} » dans la liste des fiches.",
                )
            )
        if not fiche.region:
            warnings.append(
                Warning_(
                    fiche.line,
                    f"fiche {entry.number} « {fiche.title} » : pas de région en tête de fiche ; "
                    f"région « {entry.region} » reprise de la liste des fiches.",
                )
            )
            fiche.region = entry.region
    return fiches


def _parse_fiche(lines, position, header_start, row_at, footnote_at, resolve_region, warnings):
    header = [(n, line) for n, line in lines.numbered(header_start, row_at) if line.strip()]
    title_index = next(
        (i for i in range(len(header) - 1, -1, -1) if markup.FOOTNOTE_MARK.search(header[i][1])),
        None,
    )
    if not header:
        raise CahierParseError(
            row_at,
            "titre de fiche absent avant « Descriptif du projet » (région, territoire, titre).",
        )
    if title_index is None:
        title_index = len(header) - 1
        warnings.append(
            Warning_(
                header[-1][0], "titre de fiche sans appel de note <sup>1</sup> vers sa provenance."
            )
        )
    if title_index != len(header) - 1:
        extra_at, extra = header[title_index + 1]
        raise CahierParseError(
            extra_at,
            f"ligne inattendue entre le titre de la fiche et « Descriptif du projet » : "
            f"« {extra.strip()[:80]} ».",
        )
    title_at, title_line = header[title_index]
    title = markup.inline_to_text(markup.FOOTNOTE_MARK.sub("", _strip_heading(title_line)[1]))
    if not title:
        raise CahierParseError(title_at, "titre de fiche vide.")

    region, territory_parts, printed_number = "", [], None
    for number, line in header[:title_index]:
        content = markup.inline_to_text(_strip_heading(line)[1])
        content_for_region = re.sub(r"^r[ée]gion\s*:\s*", "", content, flags=re.IGNORECASE)
        if not region and resolve_region(content_for_region):
            region = content_for_region
        elif content.isdigit():
            printed_number = (number, int(content))
        else:
            territory_parts.append(content)
    if printed_number and printed_number[1] != position:
        warnings.append(
            Warning_(
                printed_number[0],
                f"numéro imprimé {printed_number[1]} pour la fiche en position {position}.",
            )
        )

    row_line_at = next(
        (n for n, line in lines.numbered(row_at + 1, footnote_at) if line.strip()), None
    )
    if row_line_at is None or "\t" not in lines.get(row_line_at):
        raise CahierParseError(
            row_line_at or row_at + 1,
            "cellules du tableau attendues après « Descriptif du projet » : une ligne "
            "« <p>descriptif</p><tabulation><ul><li>valeur ajoutée</li></ul> ».",
        )
    row = lines.get(row_line_at)
    description_html, _, added_value_html = row.partition("\t")
    description_blocks = markup.fragment_blocks(description_html)
    if not description_blocks:
        raise CahierParseError(row_line_at, "descriptif du projet vide dans la première cellule.")
    description = markup.blocks_to_text(description_blocks)
    added_value = [text for _, text in markup.fragment_blocks(added_value_html)]

    fields, results_lines = _parse_fields(lines, row_line_at + 1, footnote_at)
    footnote_text = _FOOTNOTE.match(lines.get(footnote_at).strip()).group("text")
    provenance = parse_provenance(footnote_text, footnote_at)

    italic_terms = []
    for number, line in lines.numbered(header_start, footnote_at + 1):
        italic_terms.extend((number, span) for span in markup.italic_spans(line))

    def joined(key: str) -> str:
        return " ".join(_field_paragraphs(fields.get(key, [])))

    partners_at = fields["partners"][0][0] if fields.get("partners") else row_line_at
    partners, unbalanced = [], False
    for paragraph in _field_paragraphs(fields.get("partners", [])):
        paragraph_partners, paragraph_unbalanced = split_partners(paragraph)
        partners.extend(paragraph_partners)
        unbalanced = unbalanced or paragraph_unbalanced
    if unbalanced:
        warnings.append(
            Warning_(
                partners_at,
                f"« {title} » : parenthèse non fermée dans les partenaires ; découpage fait aux "
                "virgules après cette parenthèse.",
            )
        )
    links = []
    for number, part in fields.get("links", []):
        targets = markup.link_targets(part)
        if targets:
            links.extend(targets)
        elif markup.inline_to_text(part):
            links.append(markup.inline_to_text(part))
        for target in targets:
            if target.count("http") > 1:
                warnings.append(
                    Warning_(
                        number,
                        f"« {title} » : le lien « {target} » semble réunir plusieurs adresses.",
                    )
                )
    emails = []
    for _, part in fields.get("referent", []):
        for target in markup.link_targets(part):
            if target.startswith("mailto:"):
                emails.append(target.removeprefix("mailto:"))
        emails.extend(_EMAIL.findall(markup.inline_to_text(part)))
    emails = list(dict.fromkeys(emails))

    for number, printed in fields.get("_labels", []):
        if printed not in PRINTED_LABELS:
            warnings.append(
                Warning_(number, f"« {title} » : libellé de champ mal orthographié « {printed} ».")
            )
    return ParsedFiche(
        number=position,
        title=title,
        list_title="",
        region=region,
        territory=" — ".join(territory_parts),
        description=description,
        added_value=added_value,
        porteur=joined("porteur"),
        public=joined("public"),
        partners=partners,
        links=links,
        referent_emails=emails,
        results=_results_text(results_lines),
        provenance=provenance,
        line=header[0][0],
        italic_terms=italic_terms,
    )


def _field_paragraphs(parts: list[tuple[int, str]]) -> list[str]:
    paragraphs, current = [], []
    for _, part in parts:
        if part:
            current.append(markup.inline_to_text(part))
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def classify_label(label: str) -> str | None:
    key = fold(label).strip(" :")
    key = re.sub(r"\s+", " ", key)
    for field_name, variants in FIELD_LABELS.items():
        if key in variants:
            return field_name
    if key.startswith(("referent", "refer")) and any(
        word in key for word in ("direccte", "dieccte", "dreets", "deets", "dgefp")
    ):
        return "referent"
    return None


def _parse_fields(lines, start, end):
    """The `**Label :** value` fields and, after the referent's address, the results lines."""
    fields: dict[str, list[tuple[int, str]]] = {}
    label_lines: dict[str, int] = {}
    current = None
    results: list[tuple[int, str]] = []
    for number, line in lines.numbered(start, end):
        stripped = line.strip()
        match = _LABEL.match(stripped)
        if match and current != "results":
            field_name = classify_label(match.group("label"))
            if field_name is None:
                expected = ", ".join(f"« {label} »" for label in CANONICAL_LABELS.values())
                raise CahierParseError(
                    number,
                    f"champ inconnu « {match.group('label')} » ; champs attendus : {expected}.",
                )
            if field_name in fields:
                raise CahierParseError(
                    number,
                    f"champ « {match.group('label')} » répété (déjà ligne {label_lines[field_name]}).",
                )
            fields[field_name] = []
            fields.setdefault("_labels", []).append((number, match.group("label").strip()))
            label_lines[field_name] = number
            current = field_name
            if match.group("value").strip():
                fields[field_name].append((number, match.group("value")))
            continue
        if current == "results":
            results.append((number, line))
            continue
        if not stripped:
            # Remember paragraph breaks inside a field: a new paragraph of partners is not the
            # continuation of the last partner's name.
            if current and fields[current] and fields[current][-1][1]:
                fields[current].append((number, ""))
            continue
        if current is None:
            raise CahierParseError(
                number,
                f"texte inattendu avant les champs de la fiche : « {stripped[:80]} » ; "
                "« **Organisme porteur du projet :** … » est attendu.",
            )
        if current == "referent" and not (
            _EMAIL.search(stripped) and len(markup.inline_to_text(stripped).split()) <= 3
        ):
            current = "results"
            results.append((number, line))
            continue
        fields[current].append((number, stripped))
    for required in ("porteur",):
        if required not in fields:
            raise CahierParseError(
                start,
                f"champ « {CANONICAL_LABELS[required]} » absent de la fiche (attendu après le tableau).",
            )
    return fields, results


def _results_text(results_lines: list[tuple[int, str]]) -> str:
    blocks, current = [], []
    for _, line in results_lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    texts = [_block_text(block) for block in blocks]
    # A list that directly follows its introduction (« Résultats : ») stays one block.
    merged: list[str] = []
    for text in texts:
        if (
            merged
            and text.startswith("- ")
            and merged[-1].endswith(":")
            or merged
            and text.startswith("- ")
            and merged[-1].split("\n")[-1].startswith("- ")
        ):
            merged[-1] += "\n" + text
        else:
            merged.append(text)
    return "\n\n".join(text for text in merged if text)


def split_partners(text: str) -> tuple[list[str], bool]:
    """Split on commas that are not inside parentheses. Returns (partners, unbalanced).

    A parenthesis that never closes (a misprint) does not swallow the rest of the list."""
    closing = {}
    stack = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            closing[stack.pop()] = index
    unbalanced = bool(stack)
    parts, current, depth_until = [], [], -1
    for index, char in enumerate(text):
        if char == "(" and index in closing and closing[index] > depth_until:
            depth_until = closing[index]
        if char == "," and index > depth_until:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    cleaned = []
    for part in parts:
        part = part.strip()
        if part.endswith(".") and not part.endswith(".."):
            part = part[:-1].rstrip()
        if part:
            cleaned.append(part)
    return cleaned, unbalanced


def parse_provenance(text: str, line: int) -> Provenance:
    """« Projet présenté à la Jite 2018 », « Projet recueilli à la Jite 2018 non présenté »,
    « Projet ayant répondu à l'appel « Trophées FSE » de 2019, retenu catégorie Mobilité »."""
    folded = fold(markup.inline_to_text(text))
    year_match = _YEAR.search(folded)
    if year_match is None:
        raise CahierParseError(line, f"année absente de la note de provenance « {text} ».")
    year = int(year_match.group(0))
    if "jite" in folded:
        event = "JITE"
        if "non presente" in folded or "recueilli" in folded:
            status = "recueilli non présenté"
        elif "presente" in folded:
            status = "présenté"
        else:
            raise CahierParseError(
                line,
                f"statut illisible dans « {text} » : « présenté » ou « recueilli … non présenté » attendu.",
            )
        return Provenance(event, year, status)
    if "trophee" in folded:
        if "non retenu" in folded:
            status = "non retenu"
        elif "retenu" in folded:
            status = "retenu"
        else:
            raise CahierParseError(
                line, f"statut illisible dans « {text} » : « retenu » ou « non retenu » attendu."
            )
        category = ""
        plain = markup.inline_to_text(text)
        category_match = re.search(r"cat[ée]gories?\s+(.+?)\s*\.?$", plain, flags=re.IGNORECASE)
        if status == "retenu" and category_match:
            category = category_match.group(1).strip()
        return Provenance("Trophées FSE", year, status, category)
    raise CahierParseError(
        line,
        f"événement de provenance inconnu dans « {text} » : « Jite » ou « Trophées FSE » attendu.",
    )

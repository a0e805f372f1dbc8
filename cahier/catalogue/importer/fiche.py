"""The fiches of a cahier: header (region, territory, title), the two-cell row, the
`**Label :**` fields, the results and the provenance footnote."""

import re

from cahier.core.text import fold, name_key

from . import markup
from .document import CahierParseError, ParsedFiche, Provenance, Warning_
from .lines import block_text, strip_heading
from .links import fiche_links

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


def _is_row_header(line: str) -> bool:
    return fold(line.strip()).startswith(ROW_HEADER)


def parse_fiches(lines, start, fiche_list, resolve_region, warnings) -> list[ParsedFiche]:
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
        title = one_title(entry.title, fiche.title)
        if title is not None:
            # One title for the list and the page (the check reports the variant dropped).
            if entry.title != fiche.title:
                fiche.printed_titles = (entry.title, fiche.title)
            fiche.title = fiche.list_title = title
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


def _punctuation(title: str) -> int:
    return sum(1 for ch in title if not ch.isalnum() and not ch.isspace())


def one_title(list_title: str, heading: str) -> str | None:
    """The one title of a fiche whose list entry and heading write the same words apart from
    case, spaces and punctuation (« Un toit, un emploi » / « Un toit un emploi »), None when
    they are different titles (« MIAOU emploi » / « MIAOU »: both kept). The variant kept is
    the one with more punctuation (the comma, the hyphen the other dropped: « Construit-toit »),
    then the one with fewer capitals (French titles take one on their first word only:
    « Profession maçonnes finisseuses », « 48h »), then the heading. A rule on the document
    alone, so that a re-import decides the same."""
    if name_key(list_title) != name_key(heading):
        return None
    variants = [heading, list_title]  # the heading wins a tie (max keeps the first)
    return max(variants, key=lambda t: (_punctuation(t), -sum(1 for ch in t if ch.isupper())))


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
    title = markup.inline_to_text(markup.FOOTNOTE_MARK.sub("", strip_heading(title_line)[1]))
    if not title:
        raise CahierParseError(title_at, "titre de fiche vide.")

    region, territory_parts, printed_number = "", [], None
    for number, line in header[:title_index]:
        content = markup.inline_to_text(strip_heading(line)[1])
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
        return " ".join(_fieldparagraphs(fields.get(key, [])))

    partners_at = fields["partners"][0][0] if fields.get("partners") else row_line_at
    partners, unbalanced = [], False
    for paragraph in _fieldparagraphs(fields.get("partners", [])):
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
    links, not_links = fiche_links(title, fields.get("links", []), warnings)
    if not_links:
        description = "\n\n".join([description, *not_links])
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


def _fieldparagraphs(parts: list[tuple[int, str]]) -> list[str]:
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
    texts = [block_text(block) for block in blocks]
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

"""Inconsistencies of a parsed cahier, reported as warnings and never silently fixed."""

import re

from cahier.core.text import fold, strip_accents

from ..models import administration_prefix
from .document import ParsedCahier, Warning_
from .regions import region_administration_codes

_ACRONYM_TOKEN = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:[-'’][A-Za-zÀ-ÿ0-9]+)*")


def check_cahier(cahier: ParsedCahier, *, edito_line: int, resolve_region) -> None:
    _check_edito_claims(cahier, edito_line)
    _check_titles(cahier)
    _check_referents(cahier, resolve_region)
    _check_italic_acronyms(cahier)
    _check_index_numbers(cahier)
    _check_place_names(cahier)


def _check_edito_claims(cahier: ParsedCahier, edito_line: int) -> None:
    """The edito states figures; compare them with the document."""
    text = fold(cahier.edito)
    listed = len(cahier.fiche_list)
    for match in re.finditer(r"\b(\d+)\s+fiches\b", text):
        claimed = int(match.group(1))
        context = text[max(0, match.start() - 40) : match.end() + 40]
        if "trophees" in context or "fse" in context:
            actual = sum(
                1 for f in cahier.fiches if f.provenance and f.provenance.event == "Trophées FSE"
            )
            if claimed != actual:
                cahier.warnings.append(
                    Warning_(
                        edito_line,
                        f"l’édito annonce {claimed} fiches issues des Trophées FSE, "
                        f"le document en compte {actual}.",
                    )
                )
        elif claimed != listed:
            cahier.warnings.append(
                Warning_(
                    edito_line,
                    f"l’édito annonce {claimed} fiches alors que la liste des fiches en compte {listed}.",
                )
            )
    for match in re.finditer(r"\b(\d+)\s+regions\b", text):
        claimed = int(match.group(1))
        regions = {fold(entry.region) for entry in cahier.fiche_list}
        without_national = {region for region in regions if region != "national"}
        if claimed not in (len(regions), len(without_national)):
            cahier.warnings.append(
                Warning_(
                    edito_line,
                    f"l’édito annonce {claimed} régions, la liste des fiches en couvre "
                    f"{len(without_national)} (plus « National »).",
                )
            )
        elif claimed == len(regions) and len(regions) != len(without_national):
            cahier.warnings.append(
                Warning_(
                    edito_line,
                    f"l’édito annonce {claimed} régions en comptant « National » ; "
                    f"la liste couvre {len(without_national)} régions.",
                )
            )


def _check_titles(cahier: ParsedCahier) -> None:
    for fiche in cahier.fiches:
        if fiche.printed_titles:
            in_list, on_fiche = fiche.printed_titles
            cahier.warnings.append(
                Warning_(
                    fiche.line,
                    f"fiche {fiche.number} : titre « {in_list} » dans la liste, « {on_fiche} » "
                    f"sur la fiche ; titre retenu pour les deux : « {fiche.title} ».",
                )
            )
        elif fiche.list_title and " ".join(fiche.list_title.split()) != " ".join(
            fiche.title.split()
        ):
            cahier.warnings.append(
                Warning_(
                    fiche.line,
                    f"fiche {fiche.number} : titre « {fiche.list_title} » dans la liste, "
                    f"« {fiche.title} » sur la fiche.",
                )
            )


def _check_referents(cahier: ParsedCahier, resolve_region) -> None:
    codes = region_administration_codes()
    for fiche in cahier.fiches:
        region = resolve_region(fiche.region) or fiche.region
        expected = codes.get(region, [])
        for email in fiche.referent_emails:
            prefix = administration_prefix(email)
            if expected and prefix not in expected:
                cahier.warnings.append(
                    Warning_(
                        fiche.line,
                        f"fiche {fiche.number} « {fiche.title} » : l’adresse du référent {email} "
                        f"ne correspond pas à la région {region} (préfixe attendu : "
                        f"{' ou '.join(expected)}).",
                    )
                )


def _glossary_keys(cahier: ParsedCahier) -> set[str]:
    keys = set()
    for acronym, _ in cahier.glossary:
        keys.add(fold(acronym))
        if "(" in acronym:
            head, _, rest = acronym.partition("(")
            inner, _, tail = rest.partition(")")
            keys.add(fold(head + tail))
            keys.add(fold(head + inner + tail))
    return keys


def _check_italic_acronyms(cahier: ParsedCahier) -> None:
    """The glossary says acronyms are in italics: every all-caps word in italics should be in it."""
    known = _glossary_keys(cahier)
    reported: set[str] = set()
    for fiche in cahier.fiches:
        for line, span in fiche.italic_terms:
            for token in _ACRONYM_TOKEN.findall(span):
                candidates = [token, *re.split(r"[-'’]", token)]
                if any(fold(candidate) in known for candidate in candidates):
                    continue
                bare = token.split("'")[-1].split("’")[-1]
                letters = strip_accents(bare)
                if len(letters) < 2 or not letters.isupper() or fold(bare) in known:
                    continue
                if bare in reported:
                    continue
                reported.add(bare)
                cahier.warnings.append(
                    Warning_(
                        line,
                        f"sigle en italique absent du glossaire : {bare} "
                        f"(fiche {fiche.number} « {fiche.title} »).",
                    )
                )


def _check_index_numbers(cahier: ParsedCahier) -> None:
    numbers = {fiche.number for fiche in cahier.fiches}
    for what, entries in (
        ("mot-clé", cahier.keywords),
        ("type de public", cahier.publics),
        ("financement", cahier.fundings),
    ):
        for entry in entries:
            for number in entry.numbers:
                if number not in numbers:
                    cahier.warnings.append(
                        Warning_(
                            entry.line,
                            f"{what} « {entry.label} » : la fiche {number} n’existe pas ; "
                            "rattachement ignoré.",
                        )
                    )
    indexed = {
        n for entries in (cahier.keywords, cahier.publics) for e in entries for n in e.numbers
    }
    for fiche in cahier.fiches:
        if fiche.number not in indexed:
            cahier.warnings.append(
                Warning_(
                    fiche.line,
                    f"fiche {fiche.number} « {fiche.title} » : absente des index par mot-clé et par public.",
                )
            )


def _check_place_names(cahier: ParsedCahier) -> None:
    """Town names close to, but not exactly, a commune of the gazetteer (« Saint Briec »)."""
    from cahier.core.places import misspelled_places

    for fiche in cahier.fiches:
        texts = (("territoire", fiche.territory), ("porteur", fiche.porteur))
        for field_name, text in texts:
            for printed, official in misspelled_places(text):
                cahier.warnings.append(
                    Warning_(
                        fiche.line,
                        f"fiche {fiche.number} « {fiche.title} » : « {printed} » ({field_name}) "
                        f"ressemble à la commune « {official} » ; orthographe à vérifier.",
                    )
                )

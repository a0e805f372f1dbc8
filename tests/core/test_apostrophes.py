"""Everything a user reads uses the typographic apostrophe ’ (U+2019): the French strings written
in Python (labels, help texts, choices, messages, command output, API, OpenAPI and TableSchema
descriptions, spreadsheet headers, PDF and e-mail text) as well as the templates and the fiche
text, which go through the typography rule (cahier.core.prose.typography) when displayed."""

import ast
import re
from pathlib import Path

import cahier

ROOT = Path(cahier.__file__).parent
# A straight apostrophe after a French elided word: « l'emploi », « qu'il », « aujourd'hui ».
STRAIGHT = re.compile(
    r"\b(?:[dlmnstcj]|qu|jusqu|lorsqu|puisqu|presqu|quelqu|aujourd)'[a-zà-ÿ]", re.IGNORECASE
)
# The only way to keep a straight apostrophe: this comment on the string's line (or the line
# above it), with the reason, for text that must match another text character for character
# (the 2019 source document read by the importer, a regular expression over it).
MARK = "# straight apostrophe:"


def _docstrings(tree: ast.AST) -> set[int]:
    """Bare string statements (docstrings, attribute docstrings): read by developers only."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant | ast.JoinedStr)
    }


def _strings(tree: ast.AST):
    """Every string literal with its node; an f-string as one text, each {value} standing as a
    word (« l'{name} » is caught)."""
    skipped = _docstrings(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            yield (
                node,
                "".join(
                    part.value if isinstance(part, ast.Constant) else "x" for part in node.values
                ),
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node, node.value


def straight_apostrophes(path: Path) -> list[tuple[int, str]]:
    """(line, text) of the strings of module *path* with a straight apostrophe in French."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    found = []
    for node, text in _strings(tree):
        if id(node) in inside_fstrings or not STRAIGHT.search(text):
            continue
        around = lines[max(node.lineno - 2, 0) : node.end_lineno]
        if not any(MARK in line for line in around):
            found.append((node.lineno, text.strip()[:70]))
    return sorted(found)


def modules() -> list[Path]:
    # Migrations are history: they record the labels as they were (the latest one has ’).
    return [path for path in sorted(ROOT.rglob("*.py")) if "migrations" not in path.parts]


def test_french_strings_in_python_use_the_typographic_apostrophe():
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}: {text}"
        for path in modules()
        for line, text in straight_apostrophes(path)
    ]
    assert not found, "Apostrophe droite (') au lieu de ’ :\n" + "\n".join(found)


def test_the_check_sees_labels_fstrings_and_skips_docstrings_and_marked_text(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        '"""Docstring: l\'emploi."""\n'
        'LABEL = "Titre de l\'initiative"\n'
        'MESSAGE = f"« {name} » n\'est pas valide."\n'
        'BEFORE_VALUE = f"l\'{name}"\n'
        'PATTERN = r"s\'est"  # straight apostrophe: matches the source document\n'
        'GOOD = "Ouvert à l’essaimage"\n'
        'NOT_FRENCH = "\'=1+1"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in straight_apostrophes(module)] == [2, 3, 4]

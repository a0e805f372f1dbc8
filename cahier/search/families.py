"""Derivational families: « couturière » finds « couture », « formatrice » « formation ».

Snowball stemming joins inflections (plural, verb endings) but not derivations: a feminine in
-trice or -ière, a noun of agent beside its action noun. A word the index has never seen is
cut into a base and one of the French derivational endings below (`ENDINGS`, longest base
first), and the base is completed with every ending again; the completions the index contains
are the family. The ending sets are French morphology, not a list of words: -teur/-trice/-tion
share « act », « format », « médiat » ; -ier/-ière/-ure share « coutur »…

Only the longest base with any indexed completion counts (« format » before « form »), and a
base keeps three letters at least, so that a short word does not meet everything."""

from __future__ import annotations

from cahier.core.text import fold

# Accent-free endings, the inflected forms (plural, feminine) with their word.
ENDINGS = (
    "",
    "e",
    "s",
    "es",
    "ee",
    "ees",
    "ent",
    "ir",
    "er",
    "ers",
    "ere",
    "eres",
    "ier",
    "iers",
    "iere",
    "ieres",
    "eur",
    "eurs",
    "euse",
    "euses",
    "rice",
    "rices",
    "ion",
    "ions",
    "ement",
    "ements",
    "age",
    "ages",
    "ure",
    "ures",
    "ant",
    "ants",
    "ante",
    "antes",
    "ance",
    "ances",
    "if",
    "ifs",
    "ive",
    "ives",
    "ien",
    "iens",
    "ienne",
    "iennes",
    "iste",
    "istes",
    "isme",
)
# Inflections: the bare base is a member only when one of these was cut (« retenus » →
# « retenu »), not after a derivation (« formatrice » → « format » is another word).
INFLECTIONS = frozenset({"", "e", "s", "es", "ee", "ees", "ent"})
MIN_BASE = 3
MAX_MEMBERS = 4


def family(word: str, lookup: dict[str, tuple[str, str]], frequency: dict[str, int]) -> list:
    """Indexed words of *word*'s family as [(written word, token)], most frequent first.

    *lookup*: accent-free written word → (written word, token) for every indexed word;
    *frequency*: token → number of fiches. Empty when nothing of the family is indexed."""
    folded = fold(word.lower())
    for cut in sorted({len(e) for e in ENDINGS if folded.endswith(e)}):
        base = folded[: len(folded) - cut]
        if len(base) < MIN_BASE or cut == 0 and len(folded) < 5:
            continue
        inflection = folded[len(base) :] in INFLECTIONS
        members: dict[str, tuple[str, str]] = {}
        for ending in ENDINGS:
            if not ending and not inflection:
                continue
            completion = base + ending
            found = lookup.get(completion) if completion != folded else None
            if found is not None and frequency.get(found[1]):
                # One member per token: « couture » and « coutures » are one word to the index.
                known = members.get(found[1])
                if known is None or len(found[0]) < len(known[0]):
                    members[found[1]] = found
        if members:
            ranked = sorted(members.values(), key=lambda m: (-frequency[m[1]], m[0]))
            return ranked[:MAX_MEMBERS]
    return []

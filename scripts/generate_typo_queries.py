"""Build the misspelt-and-derived query set (eval/search_typo_queries.json) from the 2019 cahier.

    python scripts/generate_typo_queries.py [--output eval/search_typo_queries.json] [--seed N]

`--seed` draws another set the same way (other terms, other edits) and `--exclude` leaves out
the queries of a set already made: a second, independent check of the mechanism
(eval/search_typo_queries_seed2.json: `--seed 7 --exclude eval/search_typo_queries.json`;
docs/search.md).

Deterministic (seeded, every input sorted): running it twice gives the same bytes, and
tests/search/test_eval_sets.py re-runs it and compares with the committed file.

Words come from the catalogue and the lexicon, never from our engine:
- words of the 46 fiches (data/cahier-initiatives-inclusion-2019.txt, cut at each footnote
  « Projet … », plus the labels of the « Repères pour la recherche » index that list the fiche);
- synonym terms (cahier/search/data/synonyms.json, the seed of the Synonym model);
- glossary acronyms and their definitions (the glossary of the same document);
- place names of cahier/search/data/gazetteer.json (regions, départements, towns);
- institution names of cahier/catalogue/data/institution_changes.json (old and new names).
Only terms that some fiche contains are kept. A fiche contains a term when the term's words
follow each other in its text after plain normalisation (lower case, accents removed,
apostrophes and hyphens as spaces, a final s or x dropped from words of four letters or more:
singular and plural are one word); for a renamed institution, either name counts.

Each query alters one term: one or two edits (deletion, insertion or substitution of an
AZERTY neighbour, transposition, missing accent, doubled or undoubled consonant, phonetic
swap such as ph/f, é/er/ez, ss/ç, au/o, qu/k) or a derived form of the same family (suffix
swap -ation/-ateur, -teur/-trice, -ement/-er, -age/-er, -ier/-ière, -ure/-urière, -eur/-euse,
-if/-ive, -el/-elle, -ien/-ienne, plural). A misspelling is kept only when its normalised
form is no word of the fiches, the glossary or the lexicon (so it is a real miss, not
another word); a derived form only when the fiches never use it (so the engine has to bridge
the family). Each query records the intended term and the fiches that contain it.
"""

import argparse
import json
import random
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "data" / "cahier-initiatives-inclusion-2019.txt"
SYNONYMS = ROOT / "cahier" / "search" / "data" / "synonyms.json"
GAZETTEER = ROOT / "cahier" / "search" / "data" / "gazetteer.json"
INSTITUTIONS = ROOT / "cahier" / "catalogue" / "data" / "institution_changes.json"
OUTPUT = ROOT / "eval" / "search_typo_queries.json"
SEED = 20261202

# How many queries each source gives: (misspelt with 1 edit, with 2 edits).
QUOTAS = {
    "mot des fiches": (90, 40),
    "synonyme": (20, 8),
    "sigle du glossaire": (12, 0),
    "définition du glossaire": (12, 6),
    "lieu": (14, 4),
    "institution": (6, 2),
}
DERIVED_QUOTA = 50

AZERTY = ["azertyuiop", "qsdfghjklm", "wxcvbn"]
PHONETIC = [
    ("ph", "f"),
    ("f", "ph"),
    ("é$", "er"),
    ("é$", "ez"),
    ("er$", "é"),
    ("ss", "ç"),
    ("ç", "ss"),
    ("ce", "se"),
    ("qu", "k"),
    ("eau", "o"),
    ("au", "o"),
    ("ai", "è"),
    ("tion$", "sion"),
    ("en", "an"),
    ("an", "en"),
    ("y", "i"),
    ("gn", "ni"),
    ("ê", "è"),
    ("è", "ai"),
    ("s$", ""),
]
# (pattern, replacement, guard): a guard keeps the swap to words of the right family, so that
# no nonsense is asked (« janvière », « secteuse »): see Builder.attested.
DERIVATIONS = [
    ("teur$", "trice", "tion"),  # médiateur → médiatrice, when « médiation » is in the fiches
    ("eur$", "euse", "verb"),  # demandeur → demandeuse, when « demander » (or demandé…) is
    ("ement$", "er", "verb"),  # engagement → engager
    ("agnement$", "agnateur", "verb"),  # accompagnement → accompagnateur
    ("outure$", "outurière", ""),  # couture → couturière
    ("([^t])ien$", r"\1ienne", ""),  # francilien → francilienne (not soutien, entretien)
    ("([rcn])ier$", r"\1ière", "noun"),  # ouvrier → ouvrière (not janvier, bénéficier)
    ("([^u])el$", r"\1elle", "noun"),  # professionnel → professionnelle (not auquel)
    ("if$", "ive", "noun"),  # collaboratif → collaborative
    ("(tion|ité|age|eur|ance|ence|ure|isme|iste)$", r"\1s", "noun"),  # plural of a noun
]
# Nouns that look like adjectives or feminine-able words (« dispositive » is no word).
NOT_ADJECTIVES = {"dispositif", "objectif", "tarif", "motif", "janvier", "février", "levier"}
# Too common to make a useful misspelling (they are in most fiches or are grammar words).
COMMON = set(
    [
        "avec",
        "dans",
        "pour",
        "plus",
        "leur",
        "leurs",
        "cette",
        "entre",
        "sont",
        "etre",
        "elle",
        "elles",
        "ainsi",
        "aussi",
        "autres",
        "depuis",
        "notamment",
        "projet",
        "public",
        "emploi",
        "direction",
        "direccte",
        "referent",
        "porteur",
        "organisme",
        "partenariats",
        "partenaires",
        "mobilises",
        "valeur",
        "ajoutee",
        "descriptif",
        "demarche",
        "mailto",
        "gouv",
    ]
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", text))


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text.lower())


def read_document() -> tuple[dict[int, str], list[tuple[str, str]]]:
    """The fiches' text by number (index labels added) and the glossary (acronym, definition)."""
    text = DOCUMENT.read_text(encoding="utf-8")
    head, _, body = text.partition("## Glossaire")
    glossary_text, _, fiches_text = body.partition("\n# Auvergne-Rhône-Alpes")
    glossary = [
        (parts[0].strip(), parts[1].strip())
        for line in glossary_text.splitlines()
        if len(parts := line.split("\t")) == 2 and parts[0].strip().isupper()
    ]
    chunks = re.split(r"<sup>1</sup> Projet[^\n]*", fiches_text)
    fiches = {number: chunk for number, chunk in enumerate(chunks[:46], start=1)}
    for line in head.split("### Par mot-clé")[1].splitlines():
        label, _, numbers = line.lstrip("- ").partition("–")
        for number in re.findall(r"\d+", numbers.replace("fiches", "")):
            fiches[int(number)] += "\n" + label.strip()
    return fiches, glossary


def singular(normalised: str) -> str:
    """A final s or x dropped from each word, so that « demandeurs d'emploi » contains
    « demandeur d'emploi » (plain folding, not the engine's stemmer)."""
    return " ".join(re.sub(r"(?<=...)[sx]$", "", w) for w in normalised.split())


def containing(term: str, normalised: dict[int, str]) -> list[int]:
    needle = f" {singular(normalise(term))} "
    return [number for number, text in normalised.items() if needle in text]


def neighbours(letter: str) -> str:
    for row_index, row in enumerate(AZERTY):
        if (column := row.find(letter)) >= 0:
            near = row[max(column - 1, 0) : column + 2].replace(letter, "")
            for other in (row_index - 1, row_index + 1):
                if 0 <= other < len(AZERTY):
                    near += AZERTY[other][column : column + 1]
            return near
    return ""


def edit(word: str, method: str, rng: random.Random) -> str | None:
    """One edit of `method` on `word` (None when it does not apply)."""
    letters = list(word)
    positions = [i for i, c in enumerate(letters) if c.isalpha()][1:]  # keep the first letter
    if not positions:
        return None
    i = rng.choice(positions)
    if method == "suppression":
        return word[:i] + word[i + 1 :]
    if method in ("insertion", "substitution"):
        near = neighbours(normalise(letters[i])[:1].lower())
        if not near:
            return None
        letter = rng.choice(near)
        letter = letter.upper() if letters[i].isupper() else letter
        return word[:i] + letter + word[i + (method == "substitution") :]
    if method == "transposition":
        pairs = [j for j in positions[:-1] if letters[j] != letters[j + 1]]
        if not pairs:
            return None
        j = rng.choice(pairs)
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if method == "accent manquant":
        stripped = normalise(word) if word.islower() else None
        return stripped if stripped and stripped != word and " " not in stripped else None
    if method == "consonne doublée":
        singles = [
            j
            for j in positions[:-1]
            if letters[j] in "lmnprstcf" and letters[j - 1] != letters[j] != letters[j + 1]
        ]
        return (lambda j: word[:j] + word[j] + word[j:])(rng.choice(singles)) if singles else None
    if method == "consonne simple":
        doubles = [j for j in positions[:-1] if letters[j] == letters[j + 1] and letters[j] != "e"]
        return (lambda j: word[:j] + word[j + 1 :])(rng.choice(doubles)) if doubles else None
    if method == "phonétique":
        swaps = [(a, b) for a, b in PHONETIC if re.search(a, word[1:])]
        if not swaps:
            return None
        pattern, replacement = rng.choice(swaps)
        return word[0] + re.sub(pattern, replacement, word[1:], count=1)
    raise ValueError(method)


METHODS = [
    "suppression",
    "insertion",
    "substitution",
    "transposition",
    "accent manquant",
    "consonne doublée",
    "consonne simple",
    "phonétique",
]


class Builder:
    def __init__(self, seed: int = SEED, exclude: set[str] = frozenset()) -> None:
        self.rng = random.Random(seed)
        fiches, self.glossary = read_document()
        self.normalised = {n: f" {singular(normalise(t))} " for n, t in sorted(fiches.items())}
        self.fiche_words = sorted({w for t in fiches.values() for w in words(t)})
        self.word_set = set(self.fiche_words)
        self.lower_words = {w for t in fiches.values() for w in re.findall(r"[^\W\d_]+", t)}
        self.known = {normalise(w) for w in self.fiche_words}
        self.known |= {w for _, d in self.glossary for w in normalise(d).split()}
        self.queries: list[dict] = []
        self.seen: set[str] = set(exclude)  # normalised queries not to make again

    def terms(self) -> dict[str, list[tuple[str, list[str]]]]:
        """Source → sorted [(term, [names counting as the term])] that some fiche contains."""
        synonyms = json.loads(SYNONYMS.read_text(encoding="utf-8"))["groups"]
        gazetteer = json.loads(GAZETTEER.read_text(encoding="utf-8"))
        changes = json.loads(INSTITUTIONS.read_text(encoding="utf-8"))["changes"]
        doc_freq = {w: len(containing(w, self.normalised)) for w in self.fiche_words}
        places = [r["name"] for r in gazetteer["regions"]]
        places += [d["name"] for d in gazetteer["departments"]]
        places += [t["name"] for t in gazetteer["towns"]]
        institutions = []
        for change in changes:
            names = [change.get(k, "") for k in ("old_name", "new_name", "old_acronym")]
            names += [change.get("new_acronym", "")]
            names = [n for n in names if n]
            institutions += [(name, names) for name in names if len(name) > 4]
        sources = {
            "mot des fiches": [
                (w, [w])
                for w in self.fiche_words
                if len(w) >= 6 and normalise(w) not in COMMON and 1 <= doc_freq[w] <= 30
            ],
            "synonyme": [(t, [t]) for group in synonyms for t in group if len(t) >= 5],
            "sigle du glossaire": [(a, [a]) for a, _ in self.glossary if len(a) >= 3],
            "définition du glossaire": [(d, [d]) for _, d in self.glossary if len(d) < 60],
            "lieu": [(p, [p]) for p in places if len(p) >= 5],
            "institution": institutions,
        }
        for source, items in sources.items():
            kept = {t: names for t, names in items if self.fiches_of(names)}
            self.known |= {w for t in kept for w in normalise(t).split()}
            self.known |= {w for t, _ in items for w in normalise(t).split()}
            sources[source] = sorted(kept.items())
        return sources

    def fiches_of(self, names: list[str]) -> list[int]:
        return sorted({n for name in names for n in containing(name, self.normalised)})

    def add(self, q: str, term: str, names: list[str], source: str, method: str, kind: str):
        key = normalise(q)
        if key in self.seen or key == normalise(term):
            return False
        self.seen.add(key)
        self.queries.append(
            {
                "q": q,
                "intended": term,
                "kind": kind,
                "method": method,
                "source": source,
                "fiches": self.fiches_of(names),
            }
        )
        return True

    def misspell(self, term: str, edits: int) -> tuple[str, str] | None:
        parts = term.split(" ")
        target = max(range(len(parts)), key=lambda i: (len(parts[i]), -i))
        word, applied = parts[target], []
        for _ in range(edits):
            methods = [m for m in METHODS if m not in applied]
            methods = self.rng.sample(methods, len(methods))
            if normalise(word) != word.lower() and self.rng.random() < 0.4:
                methods.insert(0, "accent manquant")  # the commonest slip on an accented word
            for method in methods:
                changed = edit(word, method, self.rng)
                if changed and changed != word and len(normalise(changed)) >= 3:
                    word, applied = changed, [*applied, method]
                    break
            else:
                return None
        if normalise(word) != normalise(parts[target]) and any(
            w in self.known for w in normalise(word).split()
        ):
            return None  # another real word, not a misspelling (a lost accent is kept)
        parts[target] = word
        return " ".join(parts), " + ".join(applied)

    def build(self) -> list[dict]:
        sources = self.terms()
        for source, (one, two) in QUOTAS.items():
            pool = self.rng.sample(sources[source], len(sources[source]))
            for edits, quota in ((1, one), (2, two)):
                made = 0
                for term, names in pool:
                    if made == quota:
                        break
                    result = self.misspell(term, edits)
                    if result and self.add(result[0], term, names, source, result[1], "faute"):
                        made += 1
                pool = pool[made:] + pool[:made]
        self.derive(sources["mot des fiches"] + sources["synonyme"])
        return self.queries

    def derive(self, terms: list[tuple[str, list[str]]]) -> None:
        """Derived forms, taken in turn from each rule so that plurals do not crowd the rest."""
        by_rule: dict[str, list[tuple[str, str, list[str]]]] = {}
        for term, names in terms:
            if " " in term:
                continue
            for pattern, replacement, guard in DERIVATIONS:
                if not re.search(pattern, term) or not self.attested(term, pattern, guard):
                    continue
                derived = re.sub(pattern, replacement, term, count=1)
                if normalise(derived) not in self.known and len(derived) >= 5:
                    by_rule.setdefault(f"{pattern} → {replacement}", []).append(
                        (derived, term, names)
                    )
        pools = [self.rng.sample(items, len(items)) for _, items in sorted(by_rule.items())]
        rules = sorted(by_rule)
        made = 0
        while made < DERIVED_QUOTA and any(pools):
            for rule, pool in zip(rules, pools, strict=True):
                if pool and made < DERIVED_QUOTA:
                    derived, term, names = pool.pop()
                    made += self.add(
                        derived, term, names, "mot des fiches", f"dérivé {rule}", "dérivé"
                    )

    def attested(self, term: str, pattern: str, guard: str) -> bool:
        """verb: a verb of the stem is in the fiches (accompagnement: accompagné), so adverbs
        (physiquement) and nouns without a verb (secteur) are left alone; tion: the -tion
        noun of the stem is there; noun: the word is no verb form nor a noun in NOT_ADJECTIVES.
        Words the fiches only write with a capital (names: Ludilabel, Fongecif) are left."""
        if term not in self.lower_words:
            return False
        stem = re.sub(pattern, "", term)
        if guard == "verb":
            stem = re.sub("eur$", "", term) if pattern == "eur$" else stem
            return any(stem + end in self.word_set for end in ("er", "é", "ée", "és", "ant"))
        if guard == "tion":
            return stem + "tion" in self.word_set
        if guard == "noun":
            verb = any(term[:-2] + end in self.word_set for end in ("é", "e", "ent", "ie"))
            return not verb and term not in NOT_ADJECTIVES
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    args = parser.parse_args()
    exclude = {
        normalise(query["q"])
        for path in args.exclude
        for query in json.loads(path.read_text(encoding="utf-8"))["queries"]
    }
    queries = Builder(args.seed, exclude).build()
    about = (
        "Misspelt and derived queries built by scripts/generate_typo_queries.py (seed "
        f"{args.seed}; see its docstring for the method): each query alters one real term of the "
        "2019 cahier or of the lexicon; `intended` is that term, `fiches` the fiches whose "
        "normalised text contains it (plain matching, not our engine). Use it for the "
        "zero-result rate and the share of queries whose top 10 holds one of those fiches "
        "(scripts/eval_search.py). Generated: do not edit by hand."
    )
    text = json.dumps({"about": about, "queries": queries}, ensure_ascii=False, indent=1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{len(queries)} requêtes → {args.output}")


if __name__ == "__main__":
    main()

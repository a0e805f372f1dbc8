"""Add N realistic synthetic initiatives to the catalogue (for benchmarks), then reindex.

    python scripts/generate_initiatives.py N [--database-url URL] [--seed 42]

The text is drawn from the vocabulary of the fiches already in the database (a word bigram
model trained on their titles, descriptions, results and publics), so word frequencies look like
the real cahier's; taxonomies, regions, porteurs, events and provenance statuses are sampled from
the real ones. Rows are bulk-inserted (no per-row signal), then `reindex_all()` rebuilds the
index once. Needs a catalogue with the 2019 cahier imported (the script imports it if empty)."""

import argparse
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_TOKEN = re.compile(r"[\w’'-]+|[.,;:]")


class Bigrams:
    def __init__(self, texts: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
                tokens = _TOKEN.findall(sentence)
                if len(tokens) < 4:
                    continue
                self.starts.append(tokens[0])
                for a, b in zip(tokens, tokens[1:], strict=False):
                    self.next[a].append(b)
                self.next[tokens[-1]].append(".")

    def sentence(self, low: int = 12, high: int = 30) -> str:
        word = self.rng.choice(self.starts)
        words = [word]
        target = self.rng.randint(low, high)
        while len(words) < target:
            choices = self.next.get(word)
            if not choices:
                break
            word = self.rng.choice(choices)
            if word == "." and len(words) >= low:
                break
            if word != ".":
                words.append(word)
        text = " ".join(words)
        text = re.sub(r" ([.,;:])", r"\1", text)
        return text[:1].upper() + text[1:].rstrip(",;:") + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def generate(count: int, *, seed: int = 42, progress=print) -> float:
    """Insert *count* published initiatives and reindex; returns the reindex time (s)."""
    from django.db import transaction

    from cahier.catalogue.enums import ProvenanceStatus, PublicationStatus
    from cahier.catalogue.models import (
        Event,
        Funding,
        Initiative,
        Keyword,
        Organisation,
        PublicType,
        Region,
    )
    from cahier.search.indexing import reindex_all

    rng = random.Random(seed)
    real = list(Initiative.objects.all())
    if not real:
        raise SystemExit("Catalogue vide : importez d'abord le cahier 2019 (cahier bootstrap).")
    corpus = Bigrams(
        [i.description for i in real]
        + [i.results for i in real]
        + [" ".join(i.added_value) for i in real],
        rng,
    )
    titles = Bigrams([i.title + " " + i.public for i in real] * 3, rng)
    partners = [p for i in real for p in i.partners] or ["Pôle emploi"]
    territories = [i.territory for i in real if i.territory] or [""]
    regions = list(Region.objects.filter(is_national=False))
    keywords = list(Keyword.objects.all())
    publics = list(PublicType.objects.all())
    fundings = list(Funding.objects.all())
    events = list(Event.objects.all())
    porteurs = list(Organisation.objects.all())
    statuses = [s.value for s in ProvenanceStatus]
    start = Initiative.objects.count()

    batch = 2000
    for offset in range(0, count, batch):
        size = min(batch, count - offset)
        rows = []
        for n in range(offset, offset + size):
            porteur = rng.choice(porteurs) if porteurs else None
            event = rng.choice(events) if events and rng.random() < 0.9 else None
            rows.append(
                Initiative(
                    slug=f"synthetique-{start + n}",
                    title=" ".join(titles.sentence(2, 7).rstrip(".").split()[:7]),
                    region=rng.choice(regions),
                    territory=rng.choice(territories),
                    description="\n\n".join(
                        corpus.paragraph(rng.randint(2, 4)) for _ in range(rng.randint(1, 3))
                    ),
                    added_value=[corpus.sentence(8, 20) for _ in range(rng.randint(1, 4))],
                    porteur=porteur,
                    porteur_label=porteur.name if porteur else "",
                    public=titles.sentence(2, 6).rstrip("."),
                    partners=rng.sample(partners, min(len(partners), rng.randint(2, 8))),
                    results=corpus.paragraph(rng.randint(1, 2)),
                    event=event,
                    provenance_status=rng.choice(statuses) if event else "",
                    status=PublicationStatus.PUBLISHED,
                )
            )
        with transaction.atomic():
            created = Initiative.objects.bulk_create(rows)
            for relation, terms, low, high in (
                (Initiative.keywords, keywords, 1, 4),
                (Initiative.publics, publics, 1, 2),
                (Initiative.fundings, fundings, 0, 1),
            ):
                through = relation.through
                column = relation.field.m2m_reverse_field_name()
                links = []
                for initiative in created:
                    for term in rng.sample(terms, min(len(terms), rng.randint(low, high))):
                        links.append(
                            through(initiative_id=initiative.pk, **{f"{column}_id": term.pk})
                        )
                through.objects.bulk_create(links, batch_size=5000)
        progress(f"  {offset + size}/{count} fiches générées")
    started = time.perf_counter()
    reindex_all()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    call_command("bootstrap")
    elapsed = generate(args.count, seed=args.seed)
    from cahier.catalogue.models import Initiative

    total = Initiative.objects.published().count()
    print(
        f"{args.count} fiches ajoutées ; index reconstruit : {total} fiches en {elapsed:.1f} s "
        f"({total / elapsed:.0f} fiches/s)."
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""PDF build time of the printed cahier: the 2019 edition, then synthetic editions of N fiches.

Runs in a scratch SQLite database (never the project's): imports the bundled 2019 cahier, times
`edition_pdf` for it, then duplicates the 2019 fiches (same texts, new titles and slugs) into
temporary editions of the requested sizes and times them too.

    .venv/bin/python scripts/bench_pdf.py                 # 2019, then 250, 500 and 1000 fiches
    .venv/bin/python scripts/bench_pdf.py --sizes 1000 --repeat 1
"""

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(scratch: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["CAHIER_VAR_DIR"] = str(scratch)
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command(
            "import",
            str(ROOT / "data" / "cahier-initiatives-inclusion-2019.txt"),
            stdout=quiet,
            stderr=quiet,
        )


TERM_COLUMNS = {"keywords": "keyword", "publics": "publictype", "fundings": "funding"}


def synthetic_edition(size: int):
    """An unpublished edition of *size* fiches: copies of the 2019 fiches."""
    from cahier.catalogue.models import Initiative
    from cahier.editions import services

    originals = list(
        Initiative.objects.published().exclude(slug__contains="-copie-").with_relations()
    )
    copies = []
    existing = Initiative.objects.filter(slug__contains="-copie-").count()
    for index in range(existing, size):
        source = originals[index % len(originals)]
        copy = Initiative(
            **{
                field.name: getattr(source, field.name)
                for field in Initiative._meta.concrete_fields
                if field.name not in ("id", "slug", "title", "created_at", "updated_at")
            }
        )
        copy.slug = f"{source.slug}-copie-{index}"
        copy.title = f"{source.title} ({index // len(originals) + 1})"
        copies.append((copy, source))
    Initiative.objects.bulk_create([copy for copy, _ in copies], batch_size=500)
    for name in ("keywords", "publics", "fundings"):
        through = getattr(Initiative, name).through
        column = through._meta.get_field(TERM_COLUMNS[name])
        rows = [
            through(initiative_id=copy.pk, **{column.attname: term.pk})
            for copy, source in copies
            for term in getattr(source, name).all()
        ]
        through.objects.bulk_create(rows, batch_size=1000)
    chosen = Initiative.objects.filter(slug__contains="-copie-").select_related("region")[:size]
    edition = services.edition_create(slug=f"bench-{size}", year=2099, title="Banc d'essai")
    services.edition_compose(edition=edition, initiatives=list(chosen), order="region")
    return edition


def measure(edition, repeat: int) -> tuple[float, float, int]:
    """Best (wall-clock, CPU) seconds of *repeat* builds, and the page count. The CPU time
    is what to compare on a shared machine: other processes inflate the wall-clock time."""
    from pypdf import PdfReader

    from cahier.editions.pdf import edition_pdf

    timings = []
    pages = 0
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        data = edition_pdf(edition)
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
        pages = len(PdfReader(io.BytesIO(data)).pages)
    wall, cpu = min(timings)
    return wall, cpu, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 500, 1000])
    parser.add_argument("--repeat", type=int, default=2, help="builds per size (best kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cahier-bench-") as scratch:
        setup(Path(scratch))
        from cahier.editions.selectors import edition_resolve

        print(
            f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.node()}, "
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, "
            f"Python {platform.python_version()}"
        )
        print("| fiches | pages | durée (s) | temps CPU (s) | ms CPU par fiche |")
        print("|---:|---:|---:|---:|---:|")
        first = edition_resolve(2019)
        measure(first, 1)  # warm-up: imports, font loading
        rows = [(first.entries.count(), first)]
        for size in args.sizes:
            rows.append((size, synthetic_edition(size)))
        for size, edition in rows:
            wall, cpu, pages = measure(edition, args.repeat if size <= 500 else 1)
            print(
                f"| {size} | {pages} | {wall:.1f} | {cpu:.1f} | {cpu / size * 1000:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

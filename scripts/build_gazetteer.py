"""Build cahier/search/data/gazetteer.json from Etalab's « découpage administratif » (MIT).

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-*.tgz
    python scripts/build_gazetteer.py /tmp/package/data [--dictionary /usr/share/dict/french]

The optional dictionary (Debian package `wfrench`) flags the place names that are also common
French words (Tours, Orange, Sens, Vienne…): the search treats those as places only when the
query capitalises them or names nothing else (see docs/search.md)."""

import argparse
import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "cahier" / "search" / "data" / "gazetteer.json"
SOURCE = "@etalab/decoupage-administratif 6.0.0 (Etalab, licence MIT)"


def fold(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="package/data du paquet npm")
    parser.add_argument("--min-population", type=int, default=10_000)
    parser.add_argument("--dictionary", type=Path, default=Path("/usr/share/dict/french"))
    args = parser.parse_args()

    words: set[str] = set()
    if args.dictionary.exists():
        words = {line.strip() for line in args.dictionary.read_text(encoding="utf-8").splitlines()}
        words = {word for word in words if word and word == word.lower()}
    else:
        print(f"Attention : dictionnaire {args.dictionary} absent, aucun nom marqué ambigu.")

    def ambiguous(name: str) -> bool:
        return " " not in name and "-" not in name and name.lower() in words

    regions = json.loads((args.data_dir / "regions.json").read_text(encoding="utf-8"))
    departments = json.loads((args.data_dir / "departements.json").read_text(encoding="utf-8"))
    communes = json.loads((args.data_dir / "communes.json").read_text(encoding="utf-8"))
    prefectures = {dep["chefLieu"] for dep in departments}

    towns = [
        {
            "name": commune["nom"],
            "code": commune["code"],
            "department": commune["departement"],
            "region": commune["region"],
            "population": commune.get("population") or 0,
            "ambiguous": ambiguous(commune["nom"]),
        }
        for commune in communes
        if commune.get("type") == "commune-actuelle"
        and commune.get("region")
        and (
            (commune.get("population") or 0) >= args.min_population
            or commune["code"] in prefectures
        )
    ]
    towns.sort(key=lambda town: (-town["population"], town["code"]))
    payload = {
        "source": SOURCE,
        "min_population": args.min_population,
        "regions": [
            {"code": region["code"], "name": region["nom"], "zone": region.get("zone", "")}
            for region in regions
        ],
        "departments": [
            {
                "code": dep["code"],
                "name": dep["nom"],
                "region": dep["region"],
                "ambiguous": ambiguous(dep["nom"]),
            }
            for dep in departments
        ],
        "towns": towns,
    }
    OUTPUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT.relative_to(ROOT)} : {len(payload['regions'])} régions, "
        f"{len(payload['departments'])} départements, {len(towns)} communes "
        f"({sum(t['ambiguous'] for t in towns)} noms ambigus)."
    )


if __name__ == "__main__":
    main()

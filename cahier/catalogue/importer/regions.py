"""Region names the parser recognises without a database (the seed data of the Region table)."""

import json
from functools import cache

from cahier.core.text import name_key

from ..services import REGIONS_FILE


@cache
def _names() -> dict[str, str]:
    names = {}
    for row in json.loads(REGIONS_FILE.read_text(encoding="utf-8")):
        for candidate in (row["name"], row["slug"], *row["aliases"]):
            names[name_key(candidate)] = row["name"]
    return names


def default_region_resolver():
    def resolve(name: str) -> str | None:
        return _names().get(name_key(name))

    return resolve


def region_administration_codes() -> dict[str, list[str]]:
    """Official region name → the prefixes of its DIRECCTE/DREETS addresses."""
    return {
        row["name"]: row["administration_codes"]
        for row in json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    }

"""Territory text → INSEE codes of the gazetteer (the data·inclusion zone d'éligibilité)."""

import pytest

from cahier.core.places import places_named, region_departments


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("Aurillac", "84", [("town", "15014")]),
        ("Rennes et Brest", "53", [("town", "35238"), ("town", "29019")]),
        ("Département du Rhône", "84", [("department", "69")]),
        # The department, not the town of Belfort inside its name.
        ("Territoire de Belfort", "27", [("department", "90")]),
        # An area around a town: its department.
        ("Pays de Fougères", "53", [("department", "35")]),
        ("Eurométropole de Strasbourg", "44", [("department", "67")]),
        ("Départements 75/93/94/95", "11", [("department", c) for c in ("75", "93", "94", "95")]),
        # Numbers without « département », places of another region, lower case: nothing.
        ("plus de 59 ans", "32", []),
        ("Marseille", "53", []),
        ("donner du sens au travail", "27", []),
    ],
)
def test_places_named(text, region, expected):
    assert places_named(text, region) == expected


def test_region_departments():
    assert region_departments("53") == ["22", "29", "35", "56"]
    assert region_departments("04") == ["974"]
    assert region_departments("99") == []

import pytest

from cahier.core.siret import siret_error, siret_normalize


@pytest.mark.parametrize(
    "valid", ["73282932000074", "732 829 320 00074", "13002526500013", "35600000049837", ""]
)
def test_valid_sirets(valid):
    assert siret_error(valid) is None


@pytest.mark.parametrize(
    ("invalid", "message"),
    [
        ("73282932000075", "clé de contrôle"),
        ("35600000049838", "clé de contrôle"),  # La Poste: digit sum 46, not a multiple of 5
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("７３２８２９３２０００７４", "14 chiffres"),  # full-width digits are not ASCII
    ],
)
def test_invalid_sirets_are_named_in_french(invalid, message):
    error = siret_error(invalid)
    assert error is not None and message in error and invalid in error


def test_normalize_drops_spaces():
    assert siret_normalize("732\u00a0829 320\u202f00074") == "73282932000074"

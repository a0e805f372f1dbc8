"""SIRET numbers (an establishment in the Sirene register): written with or without spaces,
checked by their Luhn key. La Poste is the one exception: its establishments share the SIREN
356 000 000 and their SIRET is valid when the sum of its 14 digits is a multiple of 5."""

from django.core.exceptions import ValidationError

LA_POSTE_SIREN = "356000000"


def siret_normalize(text: str) -> str:
    """« 362 521 879 00034 » → « 36252187900034 » (spaces, non-breaking ones and dots out)."""
    return "".join(ch for ch in str(text or "") if ch not in " \u00a0\u202f.-\t")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_error(text: str) -> str | None:
    """Why *text* is not a SIRET (French, for the person who typed it), or None."""
    siret = siret_normalize(text)
    if not siret:
        return None
    if not (siret.isascii() and siret.isdigit()) or len(siret) != 14:
        return (
            f"« {text} » n’est pas un numéro SIRET : il faut 14 chiffres (9 du SIREN, puis 5 "
            "de l’établissement)."
        )
    if siret.startswith(LA_POSTE_SIREN):
        if sum(int(char) for char in siret) % 5 == 0 or luhn_valid(siret):
            return None
    elif luhn_valid(siret):
        return None
    return (
        f"Le numéro SIRET « {text} » est invalide : sa clé de contrôle (formule de Luhn) ne "
        "correspond pas. Vérifiez-le sur l’avis de situation Sirene ou annuaire-entreprises."
    )


def validate_siret(value: str) -> None:
    """Model and form validator."""
    if message := siret_error(value):
        raise ValidationError(message, code="invalid_siret")

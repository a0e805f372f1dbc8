"""`cahier check --deploy`: the legal pages must not go live with « [À compléter…] » in them."""

from django.core.checks import Warning, register

from .publisher import SETTINGS, placeholders_left


@register(deploy=True)
def publisher_filled(app_configs, **kwargs):
    left = placeholders_left()
    if not left:
        return []
    return [
        Warning(
            "Les pages légales (/mentions-legales/, /donnees-personnelles/, /accessibilite/) "
            "affichent encore « [À compléter…] » pour : "
            + ", ".join(f"{SETTINGS[name]} ({name})" for name in left)
            + ".",
            hint="Définissez ces variables d’environnement (voir docs/website.md « Pages "
            "légales »).",
            id="legal.W001",
        )
    ]

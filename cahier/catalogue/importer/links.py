"""The « Lien » field of a fiche: only the addresses a fiche may store as links."""

import re

from cahier.core.cleaning import link_error

from . import markup
from .document import Warning_

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")


def fiche_links(
    title: str, parts: list[tuple[int, str]], warnings: list
) -> tuple[list[str], list[str]]:
    """The « Lien » field: the addresses a fiche may store as links (http(s), mailto, see
    cahier.core.cleaning), and the texts that are no address (a sentence, moved by the caller
    to the end of the description: a curator could not save the fiche with it as a link).
    Any other address (javascript:, data:…) is dropped. Each move or drop is a warning."""
    links, not_links = [], []
    for number, part in parts:
        targets = markup.link_targets(part)
        text = markup.inline_to_text(part)
        for target in targets or ([text] if _SCHEME.match(text) else []):
            if link_error(target) is None:
                links.append(target)
                if target.count("http") > 1:
                    warnings.append(
                        Warning_(
                            number,
                            f"« {title} » : le lien « {target} » semble réunir plusieurs adresses.",
                        )
                    )
            else:
                warnings.append(
                    Warning_(
                        number,
                        f"« {title} » : lien « {target} » écarté (seules les adresses http://, "
                        "https:// et mailto: sont gardées).",
                    )
                )
        if text and not targets and not _SCHEME.match(text):
            not_links.append(text)
            warnings.append(
                Warning_(
                    number,
                    f"« {title} » : le lien « {text} » n’est pas une adresse web ; texte reporté "
                    "à la fin du descriptif.",
                )
            )
    return links, not_links

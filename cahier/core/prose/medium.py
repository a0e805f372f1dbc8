"""Where rendered prose is shown: it decides only how an acronym of the glossary looks."""

from enum import StrEnum


class Medium(StrEnum):
    # The site and the curation pages (whose preview must look like the published fiche):
    # the acronym links to its glossary entry, its definition in a tooltip.
    WEB = "web"
    # The printed cahier: « Sigles en italique dans le texte ».
    PRINT = "print"
    # A label on the site (a badge, a tag, a filter value), often itself a link or a form
    # label: the definition in a tooltip only, since a link cannot hold another link.
    LABEL = "label"

"""Submitted text is plain text. The rule is declared once, in `cahier.core.cleaning` (every
way in uses it, the catalogue's importer too); it is re-exported here for this app's forms and
services."""

from cahier.core.cleaning import clean_line, clean_lines, clean_text, link_error

__all__ = ["clean_line", "clean_lines", "clean_text", "link_error"]

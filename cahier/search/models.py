"""Search data curators edit (synonym groups) and the vocabulary typo correction draws on.

The full-text index itself is not a Django model: it is an FTS5 virtual table on SQLite and a
table with a stored tsvector on PostgreSQL, both created by migration 0001 (see backends.py)."""

from django.db import models


class Synonym(models.Model):
    """A group of equivalent terms: a query naming one of them also finds the others."""

    terms = models.TextField(
        "termes équivalents",
        help_text="Un terme par ligne, mots composés et sigles compris "
        "(ex. « chômeur », « demandeur d'emploi », « DE »).",
    )
    note = models.CharField("remarque", max_length=200, blank=True)
    is_active = models.BooleanField("actif", default=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "groupe de synonymes"
        verbose_name_plural = "synonymes"
        ordering = ["id"]

    def __str__(self) -> str:
        return " ↔ ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class IndexedWord(models.Model):
    """A word seen in indexed text (folded) and its token: typo corrections propose these."""

    word = models.CharField("mot", max_length=100, primary_key=True)
    token = models.CharField("forme indexée", max_length=100, db_index=True)

    class Meta:
        verbose_name = "mot indexé"
        verbose_name_plural = "mots indexés"

    def __str__(self) -> str:
        return self.word


class Generation(models.Model):
    """One row: which copy of the per-process search caches is current (cahier/search/state.py).
    Kept in the database so that every server process on it, on any machine, agrees."""

    value = models.BigIntegerField("génération", default=0)

    class Meta:
        verbose_name = "génération des caches de recherche"
        verbose_name_plural = "génération des caches de recherche"

    def __str__(self) -> str:
        return str(self.value)

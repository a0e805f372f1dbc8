"""Search data curators edit (synonym groups) and the vocabulary typo correction draws on.

The full-text index itself is not a Django model: it is an FTS5 virtual table on SQLite and a
table with a stored tsvector on PostgreSQL, both created by migration 0001 (see backends.py)."""

from django.db import models


class Synonym(models.Model):
    """A group of equivalent terms: a query naming one of them also finds the others."""

    terms = models.TextField(
        "termes équivalents",
        help_text="Un terme par ligne, mots composés et sigles compris "
        "(ex. « chômeur », « demandeur d’emploi », « DE »).",
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


class IndexChange(models.Model):
    """One change of the generation (cahier/search/state.py), written in the same transaction as
    the index change it announces: which fiches it touched, so that every process brings its
    structures from `previous` to `generation` by re-reading those fiches only. `full`: no list
    (a whole reindex, a region edited), every structure is rebuilt. Rows form a chain
    (`previous` of one is `generation` of the one before); only the last KEEP are kept."""

    previous = models.BigIntegerField("génération précédente")
    generation = models.BigIntegerField("génération", db_index=True)
    full = models.BooleanField("tout reconstruire", default=False)
    # {"ids": [fiche ids], "df": {token: ±documents}, "words": [[word, token] added],
    #  "lexicon": bool (synonyms, glossary, renamed institutions changed)}
    payload = models.JSONField("détail", default=dict)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "changement de l’index de recherche"
        verbose_name_plural = "changements de l’index de recherche"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.previous} → {self.generation}"

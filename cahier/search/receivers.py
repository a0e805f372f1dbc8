"""The index follows the catalogue: connected in SearchConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cahier.catalogue.models import (
    Event,
    Funding,
    GlossaryTerm,
    InstitutionChange,
    Keyword,
    PublicType,
    Region,
)
from cahier.catalogue.signals import initiatives_changed, initiatives_deleted
from cahier.core.prose import acronym_variants

from . import state
from .analysis import analyze
from .indexing import index_initiatives, reindex_containing, unindex_initiatives
from .lexicon import definition_forms
from .models import Synonym


@receiver(initiatives_changed, dispatch_uid="search-initiatives-changed")
def on_initiatives_changed(sender, ids, **kwargs):
    index_initiatives(ids)


@receiver(initiatives_deleted, dispatch_uid="search-initiatives-deleted")
def on_initiatives_deleted(sender, ids, **kwargs):
    unindex_initiatives(ids)


@receiver([post_save, post_delete], sender=Synonym, dispatch_uid="search-synonyms")
def on_synonyms_changed(sender, **kwargs):
    # Synonyms expand queries, not documents: the next query sees the change.
    state.invalidate((), lexicon=True)


@receiver(
    [post_save, post_delete], sender=InstitutionChange, dispatch_uid="search-institution-changes"
)
def on_institution_changes_changed(sender, **kwargs):
    # Old and new names expand queries (lexicon.py), not documents: the next query sees them.
    state.invalidate((), lexicon=True)


@receiver([post_save, post_delete], sender=Region, dispatch_uid="search-regions")
def on_regions_changed(sender, **kwargs):
    # Names, aliases and positions feed the lexicon, the facets and the region sort: rebuilt.
    state.invalidate()


@receiver([post_save, post_delete], sender=GlossaryTerm, dispatch_uid="search-glossary")
def on_glossary_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata (`cahier restore`): the whole index is rebuilt once, at the end
    phrases = {tuple(analyze(v.upper())) for v in acronym_variants(instance.acronym)}
    phrases |= set(definition_forms(instance.definition))
    reindex_containing(phrases)
    state.invalidate((), lexicon=True)


@receiver([post_save], sender=Event, dispatch_uid="search-events")
def on_event_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata (`cahier restore`): the whole index is rebuilt once, at the end
    # The event's kind and year are indexed as filter tokens of its fiches.
    _reindex_or_announce(list(instance.initiatives.values_list("pk", flat=True)))


@receiver([post_save], sender=Keyword, dispatch_uid="search-keywords")
@receiver([post_save], sender=PublicType, dispatch_uid="search-publics")
@receiver([post_save], sender=Funding, dispatch_uid="search-fundings")
def on_taxonomy_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata (`cahier restore`): the whole index is rebuilt once, at the end
    _reindex_or_announce(list(instance.initiatives.values_list("pk", flat=True)))


@receiver([post_delete], sender=Keyword, dispatch_uid="search-keywords-deleted")
@receiver([post_delete], sender=PublicType, dispatch_uid="search-publics-deleted")
@receiver([post_delete], sender=Funding, dispatch_uid="search-fundings-deleted")
def on_taxonomy_deleted(sender, **kwargs):
    # Its fiches are reindexed by catalogue.services.term_delete; the facets drop the value.
    state.invalidate((), terms=True)


def _reindex_or_announce(ids: list[int]) -> None:
    """A term or an event changed: its fiches, and the facets' values and labels."""
    if ids:
        index_initiatives(ids, terms=True)
    else:
        # No fiche yet: the facets still list the new value (or its new label, its year).
        state.invalidate((), terms=True)

"""`acronyms` in every template rendered with a request: the glossary's matcher, read (one
query) only by a page that marks a label with it (`{% label_fr label %}`, core typography)."""

from django.utils.functional import SimpleLazyObject

from .selectors import glossary_matcher


def acronyms(request):
    return {"acronyms": SimpleLazyObject(glossary_matcher)}

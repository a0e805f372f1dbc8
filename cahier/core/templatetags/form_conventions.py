"""The form conventions of core/forms.py, for templates: `{{ field|optional_mark }}` in the
field templates, `{% include "core/includes/form_top.html" %}` above every form (error
summary and « Sauf mention contraire… »), `{% error_title_prefix %}` in the page title."""

from django import template

from cahier.core import forms

register = template.Library()


@register.filter
def optional_mark(bound_field) -> str:
    return forms.optional_mark(bound_field.field)


@register.simple_tag
def form_error_list(form):
    return forms.form_errors(form) if form is not None else []


@register.filter
def errors_heading(errors) -> str:
    return forms.errors_heading(len(errors))


@register.simple_tag
def required_note(form) -> str:
    return forms.required_note(form) if form is not None else ""


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """« Erreur : » when a form of the page shows errors (WCAG 3.3.1: the title says it)."""
    return forms.ERROR_TITLE_PREFIX if forms.has_form_errors(context.flatten().values()) else ""

"""Editions on the site: the list, the PDF downloads, and the curators' composer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_POST

from cahier.catalogue.models import Initiative
from cahier.core import roles

from . import services
from .document import edition_document, edition_fingerprint
from .forms import ComposeForm, EditionForm
from .models import Edition
from .pdf import edition_pdf_cached, initiative_pdf
from .selectors import (
    edition_current,
    edition_is_frozen,
    edition_switch_changes,
    editions_public,
    initiatives_with_number,
)

# About 0.1 s per fiche: beyond this the build would not fit in a web request (see docs).
BUILD_IN_REQUEST_MAX = 200


def is_curator(user) -> bool:
    """Composing editions (and seeing the unpublished ones) is a curator's action."""
    return roles.can(user, roles.Action.COMPOSE_EDITION)


def _visible_edition(request, slug: str) -> Edition:
    editions = Edition.objects.all() if is_curator(request.user) else editions_public()
    return get_object_or_404(editions, slug=slug)


def edition_list(request):
    editions = Edition.objects.all() if is_curator(request.user) else editions_public()
    return render(
        request,
        "editions/list.html",
        {
            "editions": editions.order_by("-year", "-id"),
            "current": edition_current(),
            "curator": is_curator(request.user),
        },
    )


def edition_detail(request, slug):
    edition = _visible_edition(request, slug)
    return render(
        request,
        "editions/detail.html",
        {
            "edition": edition,
            "doc": edition_document(edition),
            "current": edition_current(),
            "curator": is_curator(request.user),
            "breadcrumb": [(reverse("editions:list"), "Éditions du cahier")],
        },
    )


def edition_download(request, slug):
    edition = _visible_edition(request, slug)
    # The fingerprint names the content: a reader who has this version gets 304.
    etag = f'"{edition_fingerprint(edition)}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    path = edition_pdf_cached(edition)
    response = FileResponse(
        path.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"cahier-{edition.slug}.pdf",
    )
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response


def initiative_download(request, slug):
    queryset = initiatives_with_number(Initiative.objects.published()).with_relations()
    initiative = get_object_or_404(queryset, slug=slug)
    data = initiative_pdf(initiative, number=initiative.number)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-{initiative.slug}.pdf"'
    return response


@roles.action_required(roles.Action.COMPOSE_EDITION)
def edition_create(request):
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(**form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Édition « {edition.title} » créée : choisissez ses fiches.")
            return redirect("editions:compose", slug=edition.slug)
    elif request.method == "GET":
        form.initial.setdefault("title", "Le cahier des initiatives")
        form.initial.setdefault("subtitle", "INCLUSION")
    return render(request, "editions/form.html", {"form": form})


@roles.action_required(roles.Action.COMPOSE_EDITION)
def edition_compose(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    initial = {field: getattr(edition, field) for field in EditionForm.base_fields}
    edition_form = EditionForm(request.POST or None, initial=initial, prefix="edition")
    edition_form.fields["slug"].disabled = True
    compose_form = ComposeForm(
        request.POST or None,
        initial={"initiatives": list(edition.initiatives.values_list("pk", flat=True))},
        prefix="compose",
    )
    frozen = edition_is_frozen(edition)
    if frozen:
        for form in (edition_form, compose_form):
            for field in form.fields.values():
                field.disabled = True
    if request.method == "POST" and edition_form.is_valid() and compose_form.is_valid():
        data = {k: v for k, v in edition_form.cleaned_data.items() if k != "slug"}
        try:
            services.edition_update(edition=edition, **data)
            if not frozen:
                services.edition_compose(
                    edition=edition,
                    initiatives=compose_form.cleaned_data["initiatives"],
                    order="region",
                )
        except ValidationError as error:
            _form_errors(compose_form, error)
        else:
            count = edition.entries.count()
            messages.success(request, f"Édition enregistrée : {count} fiches numérotées.")
            return redirect("editions:compose", slug=edition.slug)
    return render(
        request,
        "editions/compose.html",
        {
            "edition": edition,
            "edition_form": edition_form,
            "compose_form": compose_form,
            "doc": edition_document(edition),
            "frozen": frozen,
            "current": edition_current(),
        },
    )


@roles.action_required(roles.Action.PUBLISH_EDITION)
@require_POST
def edition_publish(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    try:
        if request.POST.get("action") == "unpublish":
            services.edition_unpublish(edition=edition, actor=request.user)
            messages.success(
                request,
                "Édition retirée du site. Elle reste figée : la republier la remet telle quelle.",
            )
        else:
            services.edition_publish(edition=edition, actor=request.user)
            if edition.entries.count() <= BUILD_IN_REQUEST_MAX:
                # Build the PDF now, so that the first reader does not wait for it.
                edition_pdf_cached(edition)
                messages.success(request, _published_message(edition))
            else:
                messages.warning(
                    request,
                    _published_message(edition) + " Son PDF est long à produire : lancez "
                    f"« cahier edition build {edition.slug} --cache » sur le serveur.",
                )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("editions:compose", slug=edition.slug)


def _published_message(edition: Edition) -> str:
    message = "Édition publiée et figée : son PDF est en ligne."
    if not edition.is_current:
        message += (
            " Le site garde la numérotation de l'édition de référence ; pour montrer celle-ci, "
            "choisissez-la comme édition de référence."
        )
    return message


@roles.action_required(roles.Action.CHOOSE_SITE_EDITION)
def edition_make_current(request, slug):
    """The curator's explicit choice of the edition whose numbers the site shows: a page that
    says what will change, then a confirmed POST."""
    edition = get_object_or_404(Edition, slug=slug)
    changes = edition_switch_changes(edition)
    if request.method == "POST":
        if request.POST.get("confirm") != "oui":
            messages.error(request, "Cochez la case de confirmation pour changer d'édition.")
        else:
            try:
                services.edition_make_current(edition=edition, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    f"« {edition.title} » ({edition.year}) est maintenant l'édition de "
                    "référence : le site montre ses numéros.",
                )
                return redirect("editions:detail", slug=edition.slug)
    return render(
        request,
        "editions/make_current.html",
        {
            "edition": edition,
            "changes": changes,
            "examples": changes.renumbered[:5],
            "breadcrumb": [
                (reverse("editions:list"), "Éditions du cahier"),
                (reverse("editions:detail", args=[edition.slug]), str(edition.year)),
            ],
        },
    )


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)

"""Editions on the site: the list, the PDF downloads, and the curators' composer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_POST

from cahier.catalogue.models import Edition, Initiative
from cahier.catalogue.selectors import initiatives_with_number
from cahier.core import roles

from . import services
from .forms import ComposeForm, EditionForm
from .pdf import edition_pdf_cached, initiative_pdf
from .selectors import edition_document, edition_fingerprint, editions_public

# About 0.1 s per fiche: beyond this the build would not fit in a web request (see docs).
BUILD_IN_REQUEST_MAX = 200


def is_curator(user) -> bool:
    """Composing editions (and seeing the unpublished ones) is a curator's action."""
    return roles.can(user, roles.Action.COMPOSE_EDITION)


def _require_curator(request, action: str = roles.Action.COMPOSE_EDITION) -> None:
    if not roles.can(request.user, action):
        raise PermissionDenied


def _visible_edition(request, slug: str) -> Edition:
    editions = Edition.objects.all() if is_curator(request.user) else editions_public()
    return get_object_or_404(editions, slug=slug)


def edition_list(request):
    editions = Edition.objects.all() if is_curator(request.user) else editions_public()
    return render(
        request,
        "editions/list.html",
        {"editions": editions.order_by("-year", "-id"), "curator": is_curator(request.user)},
    )


def edition_detail(request, slug):
    edition = _visible_edition(request, slug)
    return render(
        request,
        "editions/detail.html",
        {
            "edition": edition,
            "doc": edition_document(edition),
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


def edition_create(request):
    _require_curator(request)
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


def edition_compose(request, slug):
    _require_curator(request)
    edition = get_object_or_404(Edition, slug=slug)
    initial = {field: getattr(edition, field) for field in EditionForm.base_fields}
    edition_form = EditionForm(request.POST or None, initial=initial, prefix="edition")
    edition_form.fields["slug"].disabled = True
    compose_form = ComposeForm(
        request.POST or None,
        initial={"initiatives": list(edition.initiatives.values_list("pk", flat=True))},
        prefix="compose",
    )
    if edition.is_published:
        compose_form.fields["initiatives"].disabled = True
    if request.method == "POST" and edition_form.is_valid() and compose_form.is_valid():
        data = {k: v for k, v in edition_form.cleaned_data.items() if k != "slug"}
        try:
            services.edition_update(edition=edition, **data)
            if not edition.is_published:
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
        },
    )


@require_POST
def edition_publish(request, slug):
    _require_curator(request, roles.Action.PUBLISH_EDITION)
    edition = get_object_or_404(Edition, slug=slug)
    try:
        if request.POST.get("action") == "unpublish":
            services.edition_unpublish(edition=edition)
            messages.success(request, "Édition dépubliée : vous pouvez la recomposer.")
        else:
            services.edition_publish(edition=edition)
            if edition.entries.count() <= BUILD_IN_REQUEST_MAX:
                # Build the PDF now, so that the first reader does not wait for it.
                edition_pdf_cached(edition)
                messages.success(request, "Édition publiée : son PDF est en ligne.")
            else:
                messages.warning(
                    request,
                    "Édition publiée. Son PDF est long à produire : lancez "
                    f"« cahier edition build {edition.slug} --cache » sur le serveur.",
                )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("editions:compose", slug=edition.slug)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)

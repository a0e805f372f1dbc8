"""Editions on the site: the list, the PDF downloads, and the curators' composer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_POST

from cahier.catalogue.models import Initiative
from cahier.core import roles

from . import pdf_builds, services
from .document import edition_document, edition_fingerprint
from .forms import ComposeForm, EditionForm
from .models import Edition
from .pdf import (
    edition_pdf_available,
    edition_pdf_path,
    edition_pdf_previous,
    initiative_pdf_cached,
    initiative_pdf_html,
    initiative_pdf_key,
    initiative_pdf_previous,
)
from .selectors import (
    edition_current,
    edition_is_frozen,
    edition_switch_changes,
    editions_public,
    initiatives_with_number,
)

# Seconds before the « en préparation » page reloads itself (and the Retry-After header).
PDF_RETRY_AFTER = 10


def is_curator(user) -> bool:
    """Composing editions (and seeing the unpublished ones) is a curator's action."""
    return roles.can(user, roles.Action.COMPOSE_EDITION)


def _breadcrumb(request, *links: tuple[str, str]) -> list[tuple[str, str]]:
    """« Accueil › [Curation ›] Éditions du cahier › … »: curators come from the curation
    pages and go back to them from here."""
    trail = [(reverse("editions:list"), "Éditions du cahier"), *links]
    if roles.can(request.user, roles.Action.CURATE):
        trail.insert(0, (reverse("curation:home"), "Curation"))
    return trail


def _visible_edition(request, slug: str) -> Edition:
    editions = Edition.objects.all() if is_curator(request.user) else editions_public()
    return get_object_or_404(editions, slug=slug)


def edition_list(request):
    editions = Edition.objects.all() if is_curator(request.user) else editions_public()
    editions = list(editions.order_by("-year", "-id"))
    for edition in editions:
        edition.pdf_file = edition_pdf_available(edition)
    return render(
        request,
        "editions/list.html",
        {
            "editions": editions,
            "current": edition_current(),
            "curator": is_curator(request.user),
            "breadcrumb": _breadcrumb(request)[:-1],
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
            "pdf_file": edition_pdf_available(edition),
            "current": edition_current(),
            "curator": is_curator(request.user),
            "breadcrumb": _breadcrumb(request),
        },
    )


def edition_download(request, slug):
    """The edition's PDF when it is on disk; otherwise one build is asked of the worker and
    the reader gets the previous PDF meanwhile, or the « en préparation » page (pdf_builds)."""
    edition = _visible_edition(request, slug)
    # The fingerprint names the content: a reader who has this version gets 304.
    fingerprint = edition_fingerprint(edition)
    etag = f'"{fingerprint}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    path = edition_pdf_path(edition, fingerprint)
    if not path.exists():
        # With the inline backend (CAHIER_TASKS_INLINE=1, the tests) it is built right here.
        pdf_builds.edition_pdf_request(edition=edition, fingerprint=fingerprint)
    if path.exists():
        return _pdf_file(path, f"cahier-{edition.slug}.pdf", etag, "public, max-age=300")
    previous = edition_pdf_previous(edition)
    if previous is not None:
        # The edition as it printed a moment ago, to be checked again soon.
        etag = '"{}"'.format(previous.stem.rsplit("-", 1)[1])
        return _pdf_file(previous, f"cahier-{edition.slug}.pdf", etag, "no-cache")
    return _pdf_pending(request, edition, pdf_builds.edition_pdf_pending(edition, fingerprint))


def _pdf_file(path, filename: str, etag: str, cache_control: str) -> FileResponse:
    response = FileResponse(
        path.open("rb"), content_type="application/pdf", as_attachment=False, filename=filename
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(path.stat().st_mtime)
    response["Cache-Control"] = cache_control
    return response


def _pdf_pending(request, edition: Edition, build) -> HttpResponse:
    """503 with Retry-After: the page's script (pdf_pending.js) asks again every few seconds
    and says when the PDF is ready; a link retries without it, another reads the edition
    online meanwhile."""
    response = render(
        request,
        "editions/pdf_pending.html",
        {
            "edition": edition,
            "failed": build is not None and build.failed_at is not None,
            "retry_after": PDF_RETRY_AFTER,
            "breadcrumb": _breadcrumb(
                request, (reverse("editions:detail", args=[edition.slug]), str(edition.year))
            ),
        },
        status=503,
    )
    response["Retry-After"] = str(PDF_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # An expected answer, not a server error: Django's request log stays quiet about it.
    response._has_been_logged = True
    return response


def initiative_download(request, slug):
    """One fiche's PDF: small enough to build in the request, kept on disk until the fiche
    (or what it prints: number, glossary, renamed institutions) changes."""
    queryset = initiatives_with_number(Initiative.objects.published()).with_relations()
    initiative = get_object_or_404(queryset, slug=slug)
    html = initiative_pdf_html(initiative, number=initiative.number)
    key = initiative_pdf_key(initiative, html)
    etag = f'"{key}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    filename = f"fiche-{initiative.slug}.pdf"
    path = initiative_pdf_cached(initiative, html, key, wait=False)
    if path is None:
        # Another request is building it: the fiche as it printed a moment ago, to be
        # checked again soon; the first download of a fiche waits for that build (a second).
        previous = initiative_pdf_previous(initiative)
        if previous is not None:
            etag = '"{}"'.format(previous.stem.removeprefix("fiche-"))
            return _pdf_file(previous, filename, etag, "no-cache")
        path = initiative_pdf_cached(initiative, html, key)
    return _pdf_file(path, filename, etag, "public, max-age=300")


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
    return render(request, "editions/form.html", {"form": form, "breadcrumb": _breadcrumb(request)})


# « Tout cocher » / « Tout décocher » buttons of the composer (value: a region's slug, or
# ALL_REGIONS): without JavaScript they post the form, which comes back with the boxes ticked
# and nothing saved; with it (compose.js) they tick the boxes in the page.
TICK, UNTICK, ALL_REGIONS = "tout_cocher", "tout_decocher", "*"


def _ticked(compose_form: ComposeForm, request) -> tuple[set[int], str] | None:
    """The selection after a « Tout cocher »/« Tout décocher » button, and what to say of it;
    None for a real submission."""
    for name, tick in ((TICK, True), (UNTICK, False)):
        target = request.POST.get(name)
        if target is None:
            continue
        selected = compose_form.selected_pks()
        groups = compose_form.groups()
        region = None
        for group in groups:
            if target in (ALL_REGIONS, group["region"].slug):
                pks = {initiative.pk for initiative, _ in group["fiches"]}
                selected = selected | pks if tick else selected - pks
                region = group["region"]
        where = (
            "de toutes les régions"
            if target == ALL_REGIONS or region is None
            else (f"de la région {region.name}")
        )
        verb = "cochées" if tick else "décochées"
        return (
            selected,
            f"Fiches {where} {verb}. Rien n’est enregistré : « Enregistrer et numéroter » pour garder ce choix.",
        )
    return None


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
    ticked = _ticked(compose_form, request) if request.method == "POST" and not frozen else None
    if ticked is not None:
        selected, notice = ticked
        compose_form = ComposeForm(initial={"initiatives": sorted(selected)}, prefix="compose")
        messages.info(request, notice)
    elif request.method == "POST" and edition_form.is_valid() and compose_form.is_valid():
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
            "groups": compose_form.groups(),
            "doc": edition_document(edition),
            "pdf_file": edition_pdf_available(edition),
            "frozen": frozen,
            "current": edition_current(),
            "tick": TICK,
            "untick": UNTICK,
            "all_regions": ALL_REGIONS,
            "breadcrumb": _breadcrumb(
                request, (reverse("editions:detail", args=[edition.slug]), str(edition.year))
            ),
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
            # Asked now, so that the first reader does not wait for it.
            pdf_builds.edition_pdf_request(edition=edition)
            messages.success(request, _published_message(edition))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("editions:compose", slug=edition.slug)


def _published_message(edition: Edition) -> str:
    message = (
        "Édition publiée et figée : son PDF est en préparation, en ligne dans quelques instants."
    )
    if not edition.is_current:
        message += (
            " Le site garde la numérotation de l’édition de référence ; pour montrer celle-ci, "
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
            messages.error(request, "Cochez la case de confirmation pour changer d’édition.")
        else:
            try:
                services.edition_make_current(edition=edition, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    f"« {edition.title} » ({edition.year}) est maintenant l’édition de "
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
            "breadcrumb": _breadcrumb(
                request, (reverse("editions:detail", args=[edition.slug]), str(edition.year))
            ),
        },
    )


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)

"""The curators' spreadsheet import: the template, the upload, the preview (which survives a
reload: the file is in the database) and the confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cahier.core import roles
from cahier.core.text import count_fr

from .. import services
from ..enums import SpreadsheetImportStatus
from ..models import SpreadsheetImport
from ..spreadsheet.columns import COLUMNS
from ..spreadsheet.forms import ConfirmForm, UploadForm
from ..spreadsheet.preview import spreadsheet_preview
from ..spreadsheet.problems import SpreadsheetRefused
from ..spreadsheet.template import XLSX_CONTENT_TYPE, template_csv, template_xlsx

importer_required = roles.action_required(roles.Action.IMPORT_SPREADSHEET)
TEMPLATES = {
    "xlsx": (template_xlsx, XLSX_CONTENT_TYPE),
    "csv": (template_csv, "text/csv; charset=utf-8"),
}


@importer_required
def template(request, extension: str):
    build, content_type = TEMPLATES[extension]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="modele-initiatives.{extension}"'
    return response


@importer_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            kept = services.spreadsheet_import_prepare(
                name=file.name, content=file.read(), actor=request.user
            )
        except SpreadsheetRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("curation:spreadsheet_preview", pk=kept.pk)
    if form.errors:
        status = 400
    recent = SpreadsheetImport.objects.select_related("uploaded_by").defer("content")[:20]
    return render(
        request,
        "contributions/curation/spreadsheet_upload.html",
        {"form": form, "recent": recent, "columns": COLUMNS},
        status=status,
    )


@importer_required
def preview(request, pk):
    kept = get_object_or_404(SpreadsheetImport.objects.select_related("uploaded_by"), pk=pk)
    context = {"upload": kept, "form": ConfirmForm()}
    if kept.status == SpreadsheetImportStatus.IMPORTED:
        context["created"] = kept.initiatives.select_related("region").order_by("title")
    else:
        context["preview"] = spreadsheet_preview(name=kept.file_name, content=bytes(kept.content))
        context["columns"] = COLUMNS
    return render(request, "contributions/curation/spreadsheet_preview.html", context)


@importer_required
@require_POST
def confirm(request, pk):
    kept = get_object_or_404(SpreadsheetImport, pk=pk)
    form = ConfirmForm(request.POST)
    publish = form.is_valid() and form.cleaned_data["publish"]
    try:
        created = services.spreadsheet_import_confirm(
            upload=kept, actor=request.user, publish=publish
        )
    except ValidationError as error:
        for message in error.messages[:20]:
            messages.error(request, message)
    else:
        state = "publiées" if publish else "ajoutées à la file d’examen"
        messages.success(
            request,
            f"{count_fr(len(created), 'fiche importée', 'fiches importées', none='Aucune')}, {state}.",
        )
    return redirect("curation:spreadsheet_preview", pk=kept.pk)

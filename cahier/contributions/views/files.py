"""Files uploaded with proposals (uploads.py), served under /media/ressources/<name>."""

from django.http import FileResponse, Http404

from ..uploads import resource_file_path


def resource_file(request, name):
    path = resource_file_path(name)
    if path is None:
        raise Http404("Fichier introuvable.")
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    # A PDF opened from here runs nothing of ours: no script, no form, no frame.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from cahier.catalogue.models import Initiative


def home(request):
    count = Initiative.objects.published().count()
    return HttpResponse(f"<h1>Cahier des initiatives inclusion</h1><p>{count} initiatives</p>")


def initiative_detail(request, slug):
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    return HttpResponse(f"<h1>{initiative.title}</h1>")

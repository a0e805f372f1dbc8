from django.shortcuts import get_object_or_404, render

from cahier.catalogue.models import Initiative


def home(request):
    count = Initiative.objects.published().count()
    return render(request, "www/pages/home.html", {"initiative_count": count})


def initiative_detail(request, slug):
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    return render(request, "www/pages/home.html", {"initiative_count": initiative.title})

from django.http import Http404
from django.shortcuts import render

from cahier.core.charts import csv_response

from .. import statistics


def statistics_page(request):
    return render(request, "www/pages/statistics.html", {"charts": statistics.all_charts()})


def statistics_csv(request, chart: str):
    build = statistics.CHARTS.get(chart)
    if build is None:
        raise Http404("Ce graphique n’existe pas.")
    return csv_response(build())

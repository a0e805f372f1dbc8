from django.urls import path

from .views import home, initiatives, reference, regions, search

app_name = "www"

urlpatterns = [
    path("", home.home, name="home"),
    path("initiatives/", search.initiative_list, name="initiatives"),
    path("initiatives/<slug:slug>/", initiatives.initiative_detail, name="initiative"),
    path("regions/", regions.region_list, name="regions"),
    path("reperes/", reference.reperes, name="reperes"),
    path("glossaire/", reference.glossary, name="glossary"),
    path("a-propos/", reference.about, name="about"),
]

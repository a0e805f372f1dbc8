from django.urls import path

from .views import embed, home, initiatives, reference, regions, search

app_name = "www"

urlpatterns = [
    path("", home.home, name="home"),
    path("initiatives/", search.initiative_list, name="initiatives"),
    path("initiatives/<slug:slug>/", initiatives.initiative_detail, name="initiative"),
    path("regions/", regions.region_list, name="regions"),
    path("regions/<slug:slug>/", regions.region_portal, name="region"),
    path("integrer/", embed.embed_builder, name="embed_builder"),
    path("integrer/liste/", embed.embed_list, name="embed_list"),
    path("reperes/", reference.reperes, name="reperes"),
    path("glossaire/", reference.glossary, name="glossary"),
    path("a-propos/", reference.about, name="about"),
]

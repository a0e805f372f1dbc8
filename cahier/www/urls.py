from django.urls import path

from .feeds import initiative_feed
from .views import (
    discovery,
    embed,
    home,
    initiatives,
    reference,
    regions,
    search,
    share,
    statistics,
)

app_name = "www"

urlpatterns = [
    path("", home.home, name="home"),
    path("initiatives/", search.initiative_list, name="initiatives"),
    path("initiatives/flux.atom", initiative_feed, name="feed"),
    path("initiatives/<slug:slug>/", initiatives.initiative_detail, name="initiative"),
    path("initiatives/<slug:slug>/partage.png", share.initiative_image, name="share_image"),
    path("f/<str:code>", share.short_link, name="short_link"),
    path("partage.png", share.site_image, name="site_image"),
    path("regions/", regions.region_list, name="regions"),
    path("regions/<slug:slug>/", regions.region_portal, name="region"),
    path("integrer/", embed.embed_builder, name="embed_builder"),
    path("integrer/liste/", embed.embed_list, name="embed_list"),
    path("reperes/", reference.reperes, name="reperes"),
    path("glossaire/", reference.glossary, name="glossary"),
    path("a-propos/", reference.about, name="about"),
    path("statistiques/", statistics.statistics_page, name="statistics"),
    path("statistiques/<slug:chart>.csv", statistics.statistics_csv, name="statistics_csv"),
    path("robots.txt", discovery.robots, name="robots"),
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
]

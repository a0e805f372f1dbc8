"""Curators' routes of the audience app (mounted at « /curation/ », after the curation's)."""

from django.urls import path

from . import views

app_name = "audience_curation"

urlpatterns = [
    path("consultations/", views.most_viewed, name="most_viewed"),
    path("consultations/<str:period>.csv", views.most_viewed_csv, name="most_viewed_csv"),
]

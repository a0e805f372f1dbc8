"""Curators' routes of the contacts app (mounted at « /curation/ », after the curation's)."""

from django.urls import path

from .views import curation

app_name = "contacts_curation"

urlpatterns = [
    path("demandes-de-contact/", curation.requests, name="requests"),
    path("demandes-de-contact/<int:pk>/repondue/", curation.request_answer, name="request_answer"),
    path("referents-regionaux/", curation.referents, name="referents"),
]

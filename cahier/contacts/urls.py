"""Public routes of the contacts app (mounted at « / », before the site's)."""

from django.urls import path

from .views import public

app_name = "contacts"

urlpatterns = [
    path("initiatives/<slug:slug>/contacter/", public.request_form, name="form"),
    path("contact/repondu/<str:token>/", public.answered, name="answered"),
    # Beside the site's other charts (/statistiques/<chart>.csv), served from here.
    path("statistiques/demandes-de-contact.csv", public.statistics_csv, name="statistics_csv"),
    path("contact/donnees-personnelles/", public.privacy, name="privacy"),
]

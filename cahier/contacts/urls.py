"""Public routes of the contacts app (mounted at « / », before the site's)."""

from django.urls import path

from .views import public

app_name = "contacts"

urlpatterns = [
    path("initiatives/<slug:slug>/contacter/", public.request_form, name="form"),
    path("contact/repondu/<str:token>/", public.answered, name="answered"),
    path("contact/donnees-personnelles/", public.privacy, name="privacy"),
]

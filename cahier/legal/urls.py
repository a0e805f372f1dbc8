"""The legal pages of the public site (mounted at « / », before the site's)."""

from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("mentions-legales/", views.legal_notice, name="notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]

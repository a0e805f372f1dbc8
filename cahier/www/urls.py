from django.urls import path

from .views import pages

app_name = "www"

urlpatterns = [
    path("", pages.home, name="home"),
    path("initiatives/<slug:slug>/", pages.initiative_detail, name="initiative"),
]

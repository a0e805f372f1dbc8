from django.urls import path

from . import views

app_name = "editions"

urlpatterns = [
    path("editions/", views.edition_list, name="list"),
    path("editions/nouvelle/", views.edition_create, name="create"),
    path("editions/<slug:slug>/", views.edition_detail, name="detail"),
    path("editions/<slug:slug>/cahier.pdf", views.edition_download, name="pdf"),
    path("editions/<slug:slug>/composer/", views.edition_compose, name="compose"),
    path("editions/<slug:slug>/publier/", views.edition_publish, name="publish"),
    path("editions/<slug:slug>/reference/", views.edition_make_current, name="make_current"),
    path("initiatives/<slug:slug>/fiche.pdf", views.initiative_download, name="initiative_pdf"),
]

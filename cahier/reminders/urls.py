"""Routes of the update reminders: the signed link's page, the curators' queue."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("rappel/<str:token>/", views.answer, name="answer"),
    path("rappel/<str:token>/mise-a-jour/", views.update, name="update"),
    path("curation/a-verifier/", views.queue, name="queue"),
]

"""Routes of the e-mail alerts (mounted at « /alertes/ »)."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("region/", views.region, name="region"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "desabonnement/<str:token>/un-clic/",
        views.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
]

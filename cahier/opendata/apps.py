from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "cahier.opendata"
    label = "opendata"
    verbose_name = "Données ouvertes"

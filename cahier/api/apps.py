from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cahier.api"
    label = "api"
    verbose_name = "API"

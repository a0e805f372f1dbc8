from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "cahier.editions"
    label = "editions"
    verbose_name = "Éditions"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cahier.core"
    label = "core"
    verbose_name = "Socle"

from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "cahier.www"
    label = "www"
    verbose_name = "Site public"

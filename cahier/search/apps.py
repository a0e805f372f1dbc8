from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cahier.search"
    label = "search"
    verbose_name = "Recherche"

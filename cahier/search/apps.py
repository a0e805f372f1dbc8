from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cahier.search"
    label = "search"
    verbose_name = "Recherche"

    def ready(self) -> None:
        from . import receivers  # noqa: F401

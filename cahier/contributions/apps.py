from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "cahier.contributions"
    label = "contributions"
    verbose_name = "Contributions et curation"

    def ready(self) -> None:
        from . import receivers  # noqa: F401

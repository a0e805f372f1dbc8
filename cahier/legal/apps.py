from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "cahier.legal"
    verbose_name = "Pages légales"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check

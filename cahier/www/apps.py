from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "cahier.www"
    label = "www"
    verbose_name = "Site public"

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the deploy check
            pagecache,
        )

        pagecache.connect()

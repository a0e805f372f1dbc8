from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _freeze_after_migrate(sender, **kwargs):
    # A database published before snapshots existed gets them once, with the models as they
    # are after every migration (a migration could only use its frozen historical models,
    # which the open-data record builder does not know).
    from .services import editions_freeze_published

    editions_freeze_published()


class EditionsConfig(AppConfig):
    name = "cahier.editions"
    label = "editions"
    verbose_name = "Éditions"

    def ready(self):
        post_migrate.connect(_freeze_after_migrate, sender=self, dispatch_uid="editions-freeze")
        from cahier.catalogue.signals import initiatives_changed

        from .pdf_builds import on_initiatives_changed

        # An edited fiche: the PDF of the editions in preparation that print it is rebuilt.
        initiatives_changed.connect(
            on_initiatives_changed, dispatch_uid="editions-pdf-on-initiatives-changed"
        )

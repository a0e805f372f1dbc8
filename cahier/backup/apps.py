from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "cahier.backup"
    label = "backup"
    verbose_name = "Sauvegarde"

    def ready(self) -> None:
        from django.core import serializers

        from .serializer import FORMAT

        serializers.register_serializer(FORMAT, "cahier.backup.serializer")

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "cahier.backup"
    label = "backup"
    verbose_name = "Sauvegarde"

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "cahier.reminders"
    label = "reminders"
    verbose_name = "Rappels de mise à jour"

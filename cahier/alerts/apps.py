from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "cahier.alerts"
    label = "alerts"
    verbose_name = "Alertes par courriel"

from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "cahier.audience"
    verbose_name = "Consultations des fiches"
    default_auto_field = "django.db.models.BigAutoField"

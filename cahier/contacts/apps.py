from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "cahier.contacts"
    verbose_name = "Mises en relation"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "cahier.links"
    label = "links"
    verbose_name = "Vérification des liens"

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "cahier.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

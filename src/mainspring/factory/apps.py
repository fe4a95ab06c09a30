from django.apps import AppConfig


class FactoryConfig(AppConfig):
    name = "mainspring.factory"
    label = "factory"
    verbose_name = "Learning factory"

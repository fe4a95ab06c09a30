from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "mainspring.records"
    label = "records"
    verbose_name = "Learning records"

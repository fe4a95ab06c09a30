from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "mainspring.org"
    label = "org"
    verbose_name = "Organisation"

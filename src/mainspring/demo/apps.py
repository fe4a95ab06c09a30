from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mainspring.demo"
    label = "demo"
    verbose_name = "Demo organisation"

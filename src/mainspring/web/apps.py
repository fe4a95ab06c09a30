from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "mainspring.web"
    label = "web"
    verbose_name = "Web shell"

from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "mainspring.experiences"
    label = "experiences"
    verbose_name = "Learning experiences"

from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "mainspring.impact"
    label = "impact"
    verbose_name = "Impact studies and ROI"

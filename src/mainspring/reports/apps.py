from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mainspring.reports"
    label = "reports"
    verbose_name = "Management reports (TDRp)"

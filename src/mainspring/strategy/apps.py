from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "mainspring.strategy"
    label = "strategy"
    verbose_name = "Learning strategy"

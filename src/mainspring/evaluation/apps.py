from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mainspring.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and surveys"

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mainspring.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation and surveys"

    def ready(self) -> None:
        from mainspring.evaluation import personal_data  # noqa: PLC0415  (models load first)
        from mainspring.org import hooks  # noqa: PLC0415

        hooks.on_person_export(personal_data.person_data)
        hooks.on_person_erasing(personal_data.erase_person_data)

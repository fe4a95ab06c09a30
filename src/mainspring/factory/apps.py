from django.apps import AppConfig


class FactoryConfig(AppConfig):
    name = "mainspring.factory"
    label = "factory"
    verbose_name = "Learning factory"

    def ready(self) -> None:
        from mainspring.factory import personal_data  # noqa: PLC0415  (models load first)
        from mainspring.org import hooks  # noqa: PLC0415

        hooks.on_person_export(personal_data.person_data)
        hooks.on_person_erasing(personal_data.erase_person_data)

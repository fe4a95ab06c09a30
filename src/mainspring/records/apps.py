from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "mainspring.records"
    label = "records"
    verbose_name = "Learning records"

    def ready(self) -> None:
        from mainspring.org import hooks  # noqa: PLC0415  (models load first)
        from mainspring.records import personal_data  # noqa: PLC0415

        # Statements name people by e-mail or account, not by key: find them while the
        # person is still there, and put them in the person's data export.
        hooks.on_person_export(personal_data.person_data)
        hooks.on_person_erasing(personal_data.erase_person_records)

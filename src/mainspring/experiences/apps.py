from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "mainspring.experiences"
    label = "experiences"
    verbose_name = "Learning experiences"

    def ready(self) -> None:
        from mainspring.experiences.actions import enrolments  # noqa: PLC0415  (models load first)
        from mainspring.experiences.queries import enrolments as queries  # noqa: PLC0415
        from mainspring.org import hooks  # noqa: PLC0415

        # A people import or a person edit re-syncs those people's enrolments, inside
        # the org action's transaction.
        hooks.on_people_changed(enrolments.sync_changed_people)
        # Subject access and erasure cover learning records too.
        hooks.on_person_export(queries.person_data)
        hooks.on_person_erased(enrolments.erase_person_records)

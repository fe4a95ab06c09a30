from django.apps import AppConfig


class Cmi5Config(AppConfig):
    name = "mainspring.cmi5"
    label = "cmi5"
    verbose_name = "cmi5 launch"

    def ready(self) -> None:
        from mainspring.cmi5 import actions  # noqa: PLC0415  (models load first)
        from mainspring.records import hooks  # noqa: PLC0415

        # Statements sent with a cmi5 session's credentials follow the cmi5 rules, checked
        # inside the LRS transaction (records cannot import cmi5).
        hooks.on_statements_storing(actions.check_session_statements)
        # LMS.LaunchData is the LMS's to write; a unit may only read it.
        hooks.on_document_writing(actions.protect_launch_data)

from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "mainspring.strategy"
    label = "strategy"
    verbose_name = "Learning strategy"

    def ready(self) -> None:
        from mainspring.org import hooks  # noqa: PLC0415  (models load first)
        from mainspring.strategy import queries  # noqa: PLC0415

        # A person's own KPI values are part of their data export; erasure removes them
        # by cascade (observations keep no history).
        hooks.on_person_export(queries.person_data)

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse_lazy

from mainspring.experiences.models import Program
from mainspring.impact import queries, studies
from mainspring.impact.models import ImpactStudy, RoiBasis, StudyMethod, StudyStatus
from mainspring.strategy.models import KPI
from mainspring.web.widgets import DateInput

LEVEL_CHOICES = [
    ("", "As the KPI is measured (recommended)"),
    ("person", "Person: each learner is compared"),
    ("unit", "Org unit: each site or department is compared"),
]


class StudyForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.order_by("title"),
        empty_label="Choose a program",
        help_text="The program whose effect you want to know.",
        # Choosing a program reloads the form, to list the program's KPIs first.
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("impact:study-new"),
                "hx-trigger": "change",
                "hx-target": "#study-form",
                "hx-swap": "outerHTML",
            }
        ),
    )
    kpi = forms.TypedChoiceField(
        label="KPI",
        coerce=int,
        help_text="KPIs linked to the program through its learning needs are listed first.",
    )
    level = forms.ChoiceField(
        choices=LEVEL_CHOICES,
        required=False,
        help_text="Who is compared with whom. A KPI measured per site is studied per site.",
    )
    share_pct = forms.IntegerField(
        label="Share of a unit's audience that must have completed (%)",
        min_value=1,
        max_value=100,
        initial=50,
        help_text="Org-unit level only: a unit counts as trained from the day this share "
        "of its people enrolled in the program had completed it.",
    )
    method = forms.ChoiceField(choices=StudyMethod.choices, initial=StudyMethod.AUTO)
    covariates = forms.BooleanField(
        label="Compare like with like (same job role, or same division)",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, program: Program | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kpi"]
        assert isinstance(field, forms.TypedChoiceField)
        if program is None:
            field.choices = [("", "Choose a program first")] + [
                (k.pk, f"{k.name} ({k.get_level_display().lower()})")
                for k in KPI.objects.order_by("name")
            ]
            return
        linked, others = queries.kpis_for_program(program)

        def label(kpi: KPI) -> str:
            return f"{kpi.name} ({kpi.get_level_display().lower()})"

        groups: list[Any] = [("", "Choose a KPI")]
        if linked:
            groups.append(("Linked to this program's needs", [(k.pk, label(k)) for k in linked]))
        if others:
            groups.append(("Other KPIs", [(k.pk, label(k)) for k in others]))
        field.choices = groups
        if linked and not self.is_bound:
            self.initial["kpi"] = linked[0].pk

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        kpi_pk = data.get("kpi")
        kpi = KPI.objects.filter(pk=kpi_pk).first() if isinstance(kpi_pk, int) else None
        if kpi is None:
            if "kpi" not in self.errors:
                self.add_error("kpi", "Choose a KPI.")
            return data
        data["kpi_obj"] = kpi
        share = (data.get("share_pct") or 50) / 100
        level = data.get("level") or None
        try:
            data["level"] = studies.check_study(
                kpi, level if level in studies.LEVELS else None, share
            )
        except studies.StudyError as error:
            field = "share_pct" if "share" in str(error) else "level"
            self.add_error(field, str(error))
        data["share"] = share
        return data


class StudyChoiceField(forms.ModelChoiceField[ImpactStudy]):
    def label_from_instance(self, obj: ImpactStudy) -> str:
        found = "no estimate" if obj.refused else f"grade {obj.evidence_grade}"
        return f"{obj.kpi.name}, {obj.created_at:%d %b %Y} ({found})"


def default_period(today: date) -> tuple[date, date]:
    """The last twelve whole months before ``today``'s month."""
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(year=end.year - 1) + timedelta(days=1)
    return start, end


class RoiForm(forms.Form):
    basis = forms.ChoiceField(
        label="Benefits from",
        choices=RoiBasis.choices,
        widget=forms.RadioSelect,
        help_text="An impact study isolates the effect by comparison (stronger); "
        "participants' estimates are adjusted by their attribution and confidence (weakest).",
    )
    study = StudyChoiceField(
        queryset=ImpactStudy.objects.none(),
        required=False,
        empty_label="The latest study (on the evaluation plan's KPI if it has one)",
        help_text="Only for benefits from an impact study.",
    )
    period_start = forms.DateField(label="Costs from", widget=DateInput())
    period_end = forms.DateField(label="Costs to", widget=DateInput())
    cap = forms.DecimalField(
        label="Largest believable claim (optional)",
        required=False,
        min_value=Decimal(1),
        max_digits=14,
        decimal_places=2,
        help_text="Participants' estimates only: claims above this are excluded, as are "
        "claims above three times the median claim.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, program: Program, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["study"]
        assert isinstance(field, StudyChoiceField)
        field.queryset = ImpactStudy.objects.filter(
            program=program, status=StudyStatus.DONE
        ).select_related("kpi")
        start, end = default_period(today)
        self.initial.setdefault("period_start", start)
        self.initial.setdefault("period_end", end)
        self.initial.setdefault("basis", RoiBasis.ESTIMATE)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        return data


class ChainPeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput())

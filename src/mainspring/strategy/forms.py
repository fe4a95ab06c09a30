from __future__ import annotations

from typing import Any

from django import forms

from mainspring.org.models import OrgUnit, Person
from mainspring.strategy.models import (
    KPI,
    BusinessGoal,
    DeliveryGuideline,
    GapType,
    Initiative,
    IsolationMethod,
    LearningNeed,
    Level,
    Milestone,
)
from mainspring.web.widgets import DateInput

REASON = "Reason for the change (kept in the audit trail)"
DATE = DateInput()


class GoalForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = BusinessGoal
        fields = [
            "title",
            "driver",
            "description",
            "sponsor",
            "owner",
            "horizon_start",
            "horizon_end",
            "kpis",
        ]
        widgets = {"horizon_start": DATE, "horizon_end": DATE}
        labels = {"kpis": "KPIs this goal is judged by"}

    reason = forms.CharField(label=REASON, required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Person.objects.filter(active=True).order_by("last_name", "first_name")
        for name in ("sponsor", "owner"):
            self.fields[name].queryset = active  # type: ignore[attr-defined]  # ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("horizon_start"), data.get("horizon_end")
        if start and end and end < start:
            self.add_error("horizon_end", "The horizon ends before it starts.")
        return data


class KPIForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = KPI
        fields = [
            "code",
            "name",
            "definition",
            "unit",
            "direction",
            "level",
            "period",
            "baseline",
            "baseline_period",
            "target",
            "target_date",
            "unit_value",
            "unit_value_source",
            "data_source",
        ]
        widgets = {
            "baseline_period": DATE,
            "target_date": DATE,
            "definition": forms.Textarea(attrs={"rows": 3}),
            "unit_value_source": forms.Textarea(attrs={"rows": 2}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"code": "How import files name this KPI: letters, digits, '-' and '_'."}

    reason = forms.CharField(label=REASON, required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Import files name the KPI by its code: changing it would orphan them.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "The code cannot change once files use it."

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        taken = KPI.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if not self.instance.pk and taken.exists():
            raise forms.ValidationError(f"A KPI already has the code '{code}'.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target_date") and data.get("target") is None:
            self.add_error("target_date", "A target date needs a target value.")
        if data.get("baseline_period") and data.get("baseline") is None:
            self.add_error("baseline_period", "A baseline period needs a baseline value.")
        return data


class ObservationForm(forms.Form):
    org_unit = forms.ModelChoiceField(label="Org unit", queryset=OrgUnit.objects.none())
    person = forms.CharField(label="Person's HRIS id", max_length=64)
    period = forms.CharField(
        label="Period", max_length=20, help_text="YYYY-MM, e.g. 2025-03.", strip=True
    )
    value = forms.CharField(label="Value", max_length=40, strip=True)

    def __init__(self, *args: Any, kpi: KPI, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kpi.level == Level.PERSON:
            del self.fields["org_unit"]
        else:
            del self.fields["person"]
            field = self.fields["org_unit"]
            field.queryset = units  # type: ignore[attr-defined]  # ModelChoiceField
            if kpi.level == Level.COMPANY:
                field.required = False
                field.help_text = "Leave blank for the company-wide value."
        if kpi.unit:
            self.fields["value"].help_text = f"In {kpi.unit}."

    def clean_person(self) -> Person:
        hris_id = self.cleaned_data["person"].strip()
        person = Person.objects.filter(hris_id=hris_id).first()
        if person is None:
            raise forms.ValidationError(f"No person has the HRIS id '{hris_id}'.")
        return person


class NeedForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = LearningNeed
        fields = [
            "title",
            "gap_type",
            "not_learning_reason",
            "description",
            "job_roles",
            "org_units",
            "goal",
            "kpi",
            "expected_change",
            "expected_by",
            "evidence",
            "priority",
            "evaluation_level",
            "isolation_method",
            "evaluation_notes",
        ]
        widgets = {
            "evaluation_notes": forms.Textarea(attrs={"rows": 3}),
            "expected_by": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "not_learning_reason": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "not_learning_reason": "Required when the gap is not a learning problem.",
        }

    reason = forms.CharField(label=REASON, required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["isolation_method"].required = False

    def clean_isolation_method(self) -> str:
        return str(self.cleaned_data.get("isolation_method") or IsolationMethod.NONE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("gap_type") == GapType.NOT_LEARNING
            and not str(data.get("not_learning_reason") or "").strip()
        ):
            self.add_error("not_learning_reason", "Say why this is not a learning problem.")
        return data


# ----------------------------------------------------------------------------- the strategy


class VersionForm(forms.Form):
    title = forms.CharField(max_length=200)
    change_summary = forms.CharField(
        label="What this version changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the title page and in the list of versions.",
    )


class SectionForm(forms.Form):
    narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace"}),
        help_text=(
            "Markdown: ### for a sub-heading, a blank line between paragraphs, - for a "
            "bullet, **bold**. The live tables and charts of the section follow your text."
        ),
    )
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class InitiativeForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "owner",
            "needs",
            "start_date",
            "due_date",
            "status",
            "budget",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = Person.objects.filter(active=True).order_by(  # type: ignore[attr-defined]  # ModelChoiceField
            "last_name", "first_name"
        )
        owner.help_text = "Who answers for it."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date is before the start date.")
        return data


class MilestoneForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_on"]
        widgets = {"due_date": DATE, "done_on": DATE}
        labels = {"done_on": "Done on"}
        help_texts = {"done_on": "Leave empty while it is open."}


class GuidelineForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = DeliveryGuideline
        fields = ["gap_type", "method", "primary", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}
        labels = {"primary": "A main method (not a supporting one)"}

    def validate_unique(self) -> None:
        # The action updates the existing guideline for the same gap and method.
        return

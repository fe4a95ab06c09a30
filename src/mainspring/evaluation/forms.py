from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from mainspring.evaluation.actions import PlanData, Who
from mainspring.evaluation.models import (
    Audience,
    Construct,
    EvaluationPlan,
    ItemKind,
    QuoteConsent,
    SurveyItem,
    SurveyLevel,
    SurveyQuestion,
)
from mainspring.experiences.models import Step
from mainspring.strategy.models import KPI
from mainspring.web.widgets import DateInput

LINES = "One per line."


class PlanForm(forms.ModelForm[EvaluationPlan]):
    class Meta:
        model = EvaluationPlan
        fields = (
            "kpi",
            "kpi_target",
            "leading_indicators",
            "critical_behaviours",
            "required_drivers",
            "learning_objectives",
            "reaction_focus",
            "isolation_method",
            "roi_in_scope",
            "intangibles",
            "data_sources",
            "timing",
        )
        labels = {
            "kpi": "KPI the program should move",
            "kpi_target": "Target value of the KPI",
            "leading_indicators": "Leading indicators",
            "critical_behaviours": "Critical behaviours",
            "required_drivers": "Required drivers",
            "learning_objectives": "What learners must know and be able to do",
            "reaction_focus": "What to ask about the learning experience",
            "isolation_method": "How the program's effect will be isolated",
            "roi_in_scope": "Calculate the ROI (level 5) for this program",
            "intangibles": "Intangible benefits (not converted to money)",
            "data_sources": "Data sources",
            "timing": "Timing",
        }
        help_texts = {
            "kpi_target": "In the KPI's own unit, e.g. 2.5 incidents per 100 drivers.",
            "leading_indicators": "Early signs the KPI will move (e.g. near-miss reports"
            " filed, coaching sessions held). " + LINES,
            "critical_behaviours": "The few things people must do on the job for the KPI to"
            " move. " + LINES,
            "required_drivers": "What reinforces, monitors, encourages and rewards those"
            " behaviours (manager check-ins, job aids, recognition). " + LINES,
            "learning_objectives": "Knowledge, skills, attitude, confidence and commitment,"
            " each measurable. " + LINES,
            "reaction_focus": "Relevance, engagement, satisfaction: what matters most here.",
            "intangibles": "E.g. team morale, customer goodwill. " + LINES,
            "data_sources": "Where each level's data comes from (surveys, LMS scores,"
            " incident system, HR).",
            "timing": "When each measure is taken (L1 on the day, L3 at 60-90 days, KPI"
            " monthly for 12 months).",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "leading_indicators",
                "critical_behaviours",
                "required_drivers",
                "learning_objectives",
                "reaction_focus",
                "intangibles",
                "data_sources",
                "timing",
            )
        }

    def __init__(self, *args: Any, kpis: QuerySet[KPI], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.kpi_id if self.instance.pk else None
        field = self.fields["kpi"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = KPI.objects.filter(
            pk__in=[*kpis.values_list("pk", flat=True), *([current] if current else [])]
        ).order_by("name")
        field.empty_label = "No KPI yet"
        if self.instance.kpi_target is not None:
            self.initial["kpi_target"] = self.instance.kpi_target.normalize()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kpi_target") is not None and data.get("kpi") is None:
            self.add_error("kpi_target", "Choose the KPI this target is for.")
        return data

    def plan_data(self) -> PlanData:
        d = self.cleaned_data
        return PlanData(**{name: d[name] for name in self.Meta.fields})


class PeriodForm(forms.Form):
    level = forms.TypedChoiceField(
        choices=SurveyLevel.choices, coerce=int, required=False, label="Level"
    )
    start = forms.DateField(required=False, label="From", widget=DateInput())
    end = forms.DateField(required=False, label="To", widget=DateInput())


class SurveyForm(forms.Form):
    level = forms.TypedChoiceField(
        choices=SurveyLevel.choices, coerce=int, initial=SurveyLevel.REACTION
    )
    audience = forms.ChoiceField(
        choices=Audience.choices,
        initial=Audience.LEARNER,
        help_text="Managers answer level 3 follow-ups about each of their learners.",
    )
    title = forms.CharField(max_length=200)
    introduction = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown above the questions: why you ask, how long it takes.",
    )
    standard_items = forms.BooleanField(
        required=False,
        initial=True,
        label="Start with the standard questions for this level and audience",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("level") == SurveyLevel.REACTION and data.get("audience") == Audience.MANAGER:
            self.add_error("audience", "Level 1 asks the learners; choose level 3 for managers.")
        return data


class ItemForm(forms.ModelForm[SurveyItem]):
    class Meta:
        model = SurveyItem
        fields = ("wording", "kind", "construct", "level", "audience")
        labels = {"wording": "Question", "kind": "Answer type", "construct": "What it measures"}
        help_texts = {
            "wording": "Write a statement people agree or disagree with for a 1-5 item.",
        }


class AddQuestionForm(forms.Form):
    item = forms.ModelChoiceField(queryset=SurveyItem.objects.none(), label="Question to add")

    def __init__(self, *args: Any, items: QuerySet[SurveyItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = items


class StepChoiceField(forms.ModelChoiceField[Step]):
    def label_from_instance(self, obj: Step) -> str:
        return f"{obj.path.title}: {obj.title} ({obj.method.name})"


class SessionForm(forms.Form):
    label = forms.CharField(
        max_length=200,
        label="Name of this delivery",
        help_text='Where and when, e.g. "Classroom, Leeds depot, 12 March".',
    )
    held_on = forms.DateField(label="Date of the session", widget=DateInput())
    step = StepChoiceField(
        queryset=Step.objects.none(),
        required=False,
        label="Step it followed",
        empty_label="Not tied to a step",
        help_text="Results are grouped by the step's delivery method.",
    )
    closes_on = forms.DateField(
        required=False,
        label="Closes on",
        widget=DateInput(),
        help_text="Leave empty to keep it open.",
    )
    who = forms.ChoiceField(choices=Who.CHOICES, label="Send to", initial=Who.COMPLETED)

    def __init__(self, *args: Any, steps: QuerySet[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = steps

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held, closes = data.get("held_on"), data.get("closes_on")
        if held and closes and closes < held:
            self.add_error("closes_on", "The survey cannot close before the session.")
        if data.get("who") == Who.STEP_DONE and not data.get("step"):
            self.add_error("step", "Choose the step whose completers should answer.")
        return data


class SendForm(forms.Form):
    who = forms.ChoiceField(choices=Who.CHOICES, label="Send to", initial=Who.COMPLETED)


LIKERT_CHOICES = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither"),
    (4, "Agree"),
    (5, "Strongly agree"),
]


def _field(item: SurveyItem) -> forms.Field:
    label = item.wording
    if item.kind == ItemKind.LIKERT:
        return forms.TypedChoiceField(
            label=label,
            choices=LIKERT_CHOICES,
            coerce=Decimal,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose one answer."},
        )
    if item.kind == ItemKind.NPS:
        return forms.TypedChoiceField(
            label=label,
            choices=[(n, str(n)) for n in range(11)],
            coerce=Decimal,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose a number from 0 to 10."},
        )
    if item.kind == ItemKind.NUMBER:
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=0,
            max_digits=14,
            decimal_places=2,
            error_messages={"invalid": "Enter an amount in figures, e.g. 2500."},
        )
    if item.kind == ItemKind.PERCENT:
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=0,
            max_value=100,
            decimal_places=2,
            error_messages={"invalid": "Enter a percentage from 0 to 100."},
        )
    return forms.CharField(
        label=label, required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    """One field per question (``q<item id>``), and the quote consent when there is a comment."""

    def __init__(self, *args: Any, questions: Sequence[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = [q.item for q in questions]
        for item in self.items:
            self.fields[f"q{item.pk}"] = _field(item)
        self.has_comment = any(i.construct == Construct.COMMENT for i in self.items)
        if self.has_comment:
            self.fields["consent"] = forms.ChoiceField(
                label="May we quote your comment?",
                choices=QuoteConsent.choices,
                required=False,
                widget=forms.RadioSelect,
                initial="",
            )

    def question_fields(self) -> list[tuple[SurveyItem, forms.BoundField]]:
        return [(item, self[f"q{item.pk}"]) for item in self.items]

    def values(self) -> dict[int, Decimal | str | None]:
        return {item.pk: self.cleaned_data.get(f"q{item.pk}") for item in self.items}

    def consent(self) -> str:
        return str(self.cleaned_data.get("consent") or "")

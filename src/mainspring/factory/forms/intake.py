from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from mainspring.factory import prioritisation
from mainspring.factory.actions import intake as actions
from mainspring.factory.models import Diagnosis, ProcessTemplate, Request, RequestStatus
from mainspring.factory.queries import intake as queries
from mainspring.org.models import OrgUnit
from mainspring.org.queries import PersonLookupError, units_visible_to
from mainspring.strategy.models import KPI
from mainspring.web.widgets import DateInput

CRITERIA = prioritisation.CRITERIA
MAX_WEIGHT = 1000
# The performance-consulting questions (Mager and Pipe; Gilbert's behaviour model).
QUESTIONS: tuple[str, ...] = (
    "Could they do it if their life depended on it? If yes, it is not knowledge or skill.",
    "Have they done it well before? Does practice happen often enough to keep the skill?",
    "Do they have the tools, the information and the time to do it?",
    "Is it clear what is expected of them, and do they hear how they are doing?",
    "What happens to them when they do it right? And when they do it wrong?",
    "Is there an easier way that the process or a checklist could take care of?",
)


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.name


class RequestChoiceField(forms.ModelChoiceField[Request]):
    def label_from_instance(self, obj: Request) -> str:
        return f"#{obj.pk} {obj.title}" + (f" ({obj.unit.name})" if obj.unit else "")


def rating_field(criterion: prioritisation.Criterion) -> forms.TypedChoiceField:
    """A 0-5 select for one criterion, "Not rated" first."""
    low, high = (
        ("no effort", "a very large effort") if criterion.inverted else ("none", "very high")
    )
    return forms.TypedChoiceField(
        label=criterion.name,
        choices=[("", "Not rated"), *((str(n), str(n)) for n in range(6))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=f"{criterion.question} 0 = {low}, 5 = {high}.",
    )


class SubmitForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="A short name, e.g. “Load securing”.")
    problem = forms.CharField(
        label="Business problem",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is going wrong, or what must go better? What do people do now, and "
        "what should they do instead?",
    )
    kpi = forms.ModelChoiceField(
        label="KPI affected",
        queryset=KPI.objects.order_by("name"),
        required=False,
        empty_label="None, or not sure",
        help_text="The business measure that would move if the problem were solved.",
    )
    kpi_gap = forms.DecimalField(
        label="Gap on the KPI (a year)",
        max_digits=20,
        decimal_places=6,
        required=False,
        help_text="How far the KPI is from where it should be over a year, in its own units "
        "(e.g. 120 incidents). Leave empty if you do not know.",
    )
    audience = forms.CharField(
        max_length=300, help_text="Who needs to learn: job roles, teams, sites."
    )
    audience_size = forms.IntegerField(
        label="Audience size (people)", min_value=1, max_value=10_000_000
    )
    deadline = forms.DateField(
        required=False, widget=DateInput, help_text="When people must be able to do it, if ever."
    )
    sponsor = forms.CharField(
        max_length=200,
        required=False,
        help_text="The manager who backs the request: their e-mail address, HRIS id, or first "
        "and last name. Leave empty if there is none yet.",
    )
    unit = UnitChoiceField(
        label="Department",
        queryset=OrgUnit.objects.none(),
        help_text="The department the request comes from.",
    )

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units_visible_to(user).order_by("path")

    def clean_sponsor(self) -> Any:
        text = self.cleaned_data["sponsor"].strip()
        if not text:
            return None
        try:
            return queries.find_sponsor(text)
        except PersonLookupError as error:
            raise ValidationError(str(error)) from error

    def clean_deadline(self) -> date | None:
        deadline: date | None = self.cleaned_data["deadline"]
        if deadline is not None and deadline < self.today:
            raise ValidationError("The deadline has already passed: choose today or later.")
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kpi_gap") is not None and data.get("kpi") is None and "kpi" not in self.errors:
            self.add_error("kpi", "Choose the KPI the gap is measured on, or leave the gap empty.")
        return data


DECISIONS: list[tuple[str, str]] = [
    ("", "No decision yet: save the diagnosis and ratings"),
    ("new_project", "Accept into a new project"),
    ("project", "Accept into an existing project"),
    ("program", "Accept into an existing program"),
    ("need", "Accept as part of a learning need"),
    ("merge", "Merge into another open request"),
    ("defer", "Defer until a date"),
    ("decline", "Decline"),
]
# The fields each decision needs (beyond the message to the requester).
NEEDS: dict[str, tuple[str, ...]] = {
    "new_project": ("project_title", "project_start"),
    "project": ("project",),
    "program": ("program",),
    "need": ("need",),
    "merge": ("merge_into",),
    "defer": ("defer_until",),
    "decline": (),
}


def _given_ratings_changed(request: Request, data: dict[str, Any]) -> bool:
    return any(
        getattr(request, f"rating_{c.code}") is not None
        and data.get(f"rating_{c.code}") != getattr(request, f"rating_{c.code}")
        for c in CRITERIA
    )


class RatingsForm(forms.Form):
    def __init__(self, *args: Any, request: Request, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {f"rating_{c.code}": getattr(request, f"rating_{c.code}") for c in CRITERIA}
        )
        super().__init__(*args, **kwargs)
        self.request = request
        for criterion in CRITERIA:
            self.fields[f"rating_{criterion.code}"] = rating_field(criterion)
        self.fields["rating_reason"] = forms.CharField(
            label="Why the ratings change",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Needed when you change a rating already given: the request's priority "
            "history keeps who changed it and why.",
        )

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[f"rating_{c.code}"] for c in CRITERIA]

    def reason_fields(self) -> list[forms.BoundField]:
        return [self["rating_reason"]]

    def ratings(self) -> dict[str, int | None]:
        return {c.code: self.cleaned_data.get(f"rating_{c.code}") for c in CRITERIA}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = data.get("rating_reason", "").strip()
        if not reason and _given_ratings_changed(self.request, data):
            self.add_error(
                "rating_reason", "Say why the ratings change: the priority history keeps it."
            )
        return data


class TriageForm(RatingsForm):
    diagnosis = forms.ChoiceField(
        label="Diagnosis",
        choices=Diagnosis.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    notes = forms.CharField(
        label="Notes from the conversation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For the learning team only: the requester does not see them.",
    )
    decision = forms.ChoiceField(
        label="Decision", choices=DECISIONS, widget=forms.RadioSelect, required=False
    )
    project_title = forms.CharField(label="Project title", max_length=200, required=False)
    template = forms.ModelChoiceField(
        label="Process template",
        queryset=ProcessTemplate.objects.none(),
        required=False,
        empty_label="None: I will add the tasks by hand",
        help_text="The project starts with the template's standard tasks and reviews.",
    )
    project_start = forms.DateField(label="Start", required=False, widget=DateInput)
    project_program = forms.ModelChoiceField(
        label="Program it builds (optional)",
        queryset=queries.programs_to_accept_into(),
        required=False,
        empty_label="None yet",
    )
    project = forms.ModelChoiceField(
        label="Project", queryset=queries.live_projects(), required=False
    )
    program = forms.ModelChoiceField(
        label="Program", queryset=queries.programs_to_accept_into(), required=False
    )
    need = forms.ModelChoiceField(
        label="Learning need", queryset=queries.needs_to_accept_into(), required=False
    )
    merge_into = RequestChoiceField(
        label="Merge into", queryset=Request.objects.none(), required=False
    )
    defer_until = forms.DateField(label="Defer until", required=False, widget=DateInput)
    reason = forms.CharField(
        label="Message to the requester",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reason for the decision, in plain words: the requester reads it on the "
        "request's page.",
    )

    def __init__(self, *args: Any, request: Request, today: date, **kwargs: Any) -> None:
        initial = {f"rating_{c.code}": getattr(request, f"rating_{c.code}") for c in CRITERIA}
        initial |= {
            "diagnosis": request.diagnosis,
            "notes": request.triage_notes,
            "project_title": request.title,
            "project_start": today,
            "template": queries.templates_to_start_from().filter(code="addie").first(),
            "decision": "",
        }
        super().__init__(*args, request=request, initial=initial, **kwargs)
        self.today = today
        template = self.fields["template"]
        merge = self.fields["merge_into"]
        assert isinstance(template, forms.ModelChoiceField)
        assert isinstance(merge, forms.ModelChoiceField)
        template.queryset = queries.templates_to_start_from()
        merge.queryset = queries.merge_targets(request)
        if request.diagnosis in actions.WHO_CAN_FIX:
            who = actions.WHO_CAN_FIX[request.diagnosis]
            self.fields["reason"].help_text += (
                f" This is not a learning problem: if you decline, say who can fix it "
                f"({who}) and whom to talk to."
            )

    def triage_fields(self) -> list[forms.BoundField]:
        return [self["diagnosis"], self["notes"]]

    def decision_list(self) -> list[forms.BoundField]:
        return [self["decision"]]

    def message_fields(self) -> list[forms.BoundField]:
        return [self["reason"]]

    def decision_fields(self, decision: str) -> list[forms.BoundField]:
        extra = ("template", "project_program") if decision == "new_project" else ()
        names = NEEDS[decision][:1] + extra + NEEDS[decision][1:]
        return [self[name] for name in names]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decision = data.get("decision", "")
        if not decision:
            return data
        for name in NEEDS[decision]:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, "Fill this in for the decision you chose.")
        if not data.get("reason", "").strip():
            self.add_error(
                "reason",
                "Write the reason for the decision: it is the message the requester reads.",
            )
        until = data.get("defer_until")
        if decision == "defer" and until is not None and until <= self.today:
            self.add_error("defer_until", "Defer until a date in the future.")
        return data

    def chosen(self) -> actions.Decision | None:
        data = self.cleaned_data
        decision = data.get("decision", "")
        if decision == "new_project":
            new = actions.NewProject(
                title=data["project_title"],
                template=data["template"],
                start=data["project_start"],
                program=data["project_program"],
            )
            return actions.Accept(new_project=new)
        if decision in ("project", "program", "need"):
            return actions.Accept(**{decision: data[decision]})
        if decision == "merge":
            return actions.Merge(into=data["merge_into"])
        if decision == "defer":
            return actions.Defer(until=data["defer_until"])
        return actions.Decline() if decision == "decline" else None


class FilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    status = forms.ChoiceField(
        required=False, choices=[("", "All statuses"), *RequestStatus.choices]
    )
    unit = UnitChoiceField(
        label="Department",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="All departments",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = queries.units_to_filter_by(user)


class WeightsForm(forms.Form):
    """The six weights; what-if (GET) uses it alone, saving adds the reason."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"w_{criterion.code}"] = forms.DecimalField(
                label=criterion.name,
                min_value=Decimal(0),
                max_value=Decimal(MAX_WEIGHT),
                max_digits=7,
                decimal_places=2,
                help_text=criterion.question,
            )

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"w_{c.code}"] for c in CRITERIA]

    def weights(self) -> dict[str, float]:
        return {c.code: float(self.cleaned_data[f"w_{c.code}"]) for c in CRITERIA}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"w_{c.code}") for c in CRITERIA]
        if all(v is not None for v in values) and not any(values):
            raise ValidationError("Give at least one criterion a weight above zero.")
        return data


class SaveWeightsForm(WeightsForm):
    reason = forms.CharField(
        label="Why the weights change",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Everyone who reads the backlog can see the history of the weights and why.",
        error_messages={"required": "Say why the weights change: the history keeps it."},
    )

    def reason_list(self) -> list[forms.BoundField]:
        return [self["reason"]]


def weights_initial(weights: dict[str, float]) -> dict[str, Any]:
    """The weights as a weights form's initial values (``30.0`` shows as ``30``)."""
    return {f"w_{code}": f"{value:g}" for code, value in weights.items()}

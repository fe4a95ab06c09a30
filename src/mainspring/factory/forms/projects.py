from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from mainspring.factory.actions.projects import MAX_DAYS, MAX_LAG
from mainspring.factory.models import (
    Gate,
    ProcessTemplate,
    Project,
    ProjectStatus,
    StandardDocument,
    Task,
    TaskStatus,
    TemplateTask,
)
from mainspring.factory.queries import projects as queries
from mainspring.org.models import Person
from mainspring.org.queries import PersonLookupError, find_person
from mainspring.web.widgets import DateInput

LEVELS = [
    (1, "1 - aware"),
    (2, "2 - learning"),
    (3, "3 - practising on their own"),
    (4, "4 - advanced"),
    (5, "5 - expert, teaches others"),
]
NO_GATE = [("", "Not a review gate")]
STATUS_FILTER = [
    ("open", "Open (planned, active, on hold)"),
    *ProjectStatus.choices,
    ("all", "All projects"),
]


def lines_of(text: str) -> list[str]:
    """The non-blank lines of a text area."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _skill_choices(current: str = "") -> list[tuple[str, str]]:
    choices = [("", "No particular skill"), *queries.competency_choices()]
    if current and current not in {c for c, _ in choices}:
        choices.append((current, current))
    return choices


# --- templates and standards --------------------------------------------------------------


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=120)
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="When to use this way of working, in a sentence or two.",
    )
    phases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One phase a line, in order. To rename a phase, change its line; to remove "
        "one, first move its tasks to another phase.",
    )
    standards = forms.ModelMultipleChoiceField(
        label="Standards documents it follows",
        queryset=StandardDocument.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @staticmethod
    def initial_for(template: ProcessTemplate) -> dict[str, Any]:
        return {
            "name": template.name,
            "summary": template.summary,
            "phases": "\n".join(template.phases),
            "standards": list(template.standards.all()),
        }


class TemplateTaskForm(forms.Form):
    name = forms.CharField(max_length=200)
    phase = forms.ChoiceField()
    days = forms.IntegerField(
        label="Duration (working days)",
        min_value=0,
        max_value=MAX_DAYS,
        help_text="Zero for an event such as a sign-off.",
    )
    hours = forms.DecimalField(
        label="Estimate (hours of work)",
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=1,
    )
    skill = forms.ChoiceField(label="Skill it needs", required=False)
    skill_level = forms.TypedChoiceField(label="At level", choices=LEVELS, coerce=int, initial=3)
    after = forms.MultipleChoiceField(
        label="Waits for",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The tasks that must finish before this one starts.",
    )
    gate = forms.ChoiceField(
        label="Review gate", choices=NO_GATE + list(Gate.choices), required=False
    )
    checklist = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One item a line: what the review must check.",
    )
    milestone = forms.BooleanField(
        label="A milestone (shown on the strategy's implementation plan)", required=False
    )

    def __init__(
        self, *args: Any, template: ProcessTemplate, task: TemplateTask | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ChoiceField)
        phase.choices = [(p, p) for p in template.phases]
        skill = self.fields["skill"]
        assert isinstance(skill, forms.ChoiceField)
        skill.choices = _skill_choices(task.skill if task else "")
        after = self.fields["after"]
        assert isinstance(after, forms.MultipleChoiceField)
        after.choices = [
            (t.code, f"{t.name} ({t.phase})")
            for t in template.tasks.order_by("order", "pk")
            if task is None or t.pk != task.pk
        ]

    @staticmethod
    def initial_for(task: TemplateTask) -> dict[str, Any]:
        return {
            "name": task.name,
            "phase": task.phase,
            "days": task.days,
            "hours": task.hours,
            "skill": task.skill,
            "skill_level": task.skill_level,
            "after": list(task.after),
            "gate": task.gate,
            "checklist": "\n".join(task.checklist),
            "milestone": task.milestone,
        }


class StandardForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it covers and when to use it.",
    )
    link = forms.URLField(
        assume_scheme="https",
        required=False,
        max_length=200,
        help_text="Where the document lives: the intranet page or shared drive, https://…",
    )
    templates = forms.ModelMultipleChoiceField(
        label="Ways of working that follow it",
        queryset=ProcessTemplate.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @staticmethod
    def initial_for(document: StandardDocument) -> dict[str, Any]:
        return {
            "title": document.title,
            "summary": document.summary,
            "link": document.link,
            "templates": list(document.templates.all()),
        }


# --- projects -----------------------------------------------------------------------------


class SponsorField(forms.CharField):
    """A person by e-mail address, HRIS id or full name; cleans to the Person (or None)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", "Their e-mail address, HRIS id or full name. Leave empty if none yet."
        )
        super().__init__(max_length=200, required=False, **kwargs)

    def clean(self, value: Any) -> Person | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return find_person(text)
        except PersonLookupError as error:
            raise ValidationError(str(error)) from error


def _sponsor_text(person: Person | None) -> str:
    return (person.email or person.hris_id) if person else ""


class ProjectFields(forms.Form):
    """What a new and an edited project share."""

    title = forms.CharField(max_length=200)
    description = forms.CharField(
        label="Scope",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the project delivers, for whom, and what it leaves out.",
    )
    program = forms.ModelChoiceField(
        queryset=queries.programs_for_projects(),
        required=False,
        empty_label="Not linked to a program",
        help_text="The learning program it builds or changes.",
    )
    sponsor = SponsorField()
    manager = forms.ModelChoiceField(
        label="Project manager",
        queryset=queries.managers_for_projects(),
        required=False,
        empty_label="Nobody yet",
    )
    start = forms.DateField(widget=DateInput)
    deadline = forms.DateField(
        widget=DateInput, required=False, help_text="The business's date, if it has one."
    )
    budget = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Without currency.",
    )
    initiative = forms.ModelChoiceField(
        label="Strategy initiative",
        queryset=queries.initiatives_for_projects(),
        required=False,
        empty_label="None",
        help_text="The implementation-plan item its milestones feed.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, deadline = data.get("start"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", "The deadline cannot be before the start.")
        return data


class ProjectForm(ProjectFields):
    template = forms.ModelChoiceField(
        label="Way of working",
        queryset=queries.active_templates(),
        required=False,
        empty_label="None: I will add the tasks myself",
        help_text="The project starts with the template's phases, tasks, reviews and checklists.",
    )
    field_order = [
        "title",
        "template",
        "description",
        "program",
        "sponsor",
        "manager",
        "start",
        "deadline",
        "budget",
        "initiative",
    ]


class ProjectEditForm(ProjectFields):
    status = forms.ChoiceField(choices=ProjectStatus.choices)
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the scope, start, deadline, sponsor, budget or status changes: "
        "the change log keeps it.",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keep the current choices selectable even when retired, inactive or done.
        for name, current in (
            ("program", project.program),
            ("manager", project.manager),
            ("initiative", project.initiative),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            if current is not None:
                field.queryset = (
                    field.queryset | type(current).objects.filter(pk=current.pk)  # type: ignore[operator]  # same model's querysets
                ).distinct()

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        return {
            "title": project.title,
            "description": project.description,
            "program": project.program_id,
            "sponsor": _sponsor_text(project.sponsor),
            "manager": project.manager_id,
            "start": project.start,
            "deadline": project.deadline,
            "budget": project.budget,
            "initiative": project.initiative_id,
            "status": project.status,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why re-baseline?",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. the sponsor agreed the new date. The change log keeps it.",
    )


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(choices=STATUS_FILTER, required=False)


# --- tasks --------------------------------------------------------------------------------


class TaskForm(forms.Form):
    name = forms.CharField(max_length=200)
    phase = forms.CharField(
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"list": "phase-list"}),
        help_text="Pick one of the project's phases or type a new one.",
    )
    owner = forms.ModelChoiceField(
        label="Done by (team member)",
        queryset=queries.managers_for_projects(),
        required=False,
        empty_label="Nobody yet",
    )
    vendor = forms.ModelChoiceField(
        label="Or by a vendor",
        queryset=queries.vendors_for_tasks(),
        required=False,
        empty_label="No vendor",
    )
    estimate_hours = forms.DecimalField(
        label="Estimate (hours of work)",
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=1,
        initial=Decimal(0),
    )
    duration_days = forms.IntegerField(
        label="Duration (working days)",
        min_value=0,
        max_value=MAX_DAYS,
        help_text="Zero for an event such as a sign-off.",
    )
    skill = forms.ChoiceField(label="Skill it needs", required=False)
    skill_level = forms.TypedChoiceField(label="At level", choices=LEVELS, coerce=int, initial=3)
    gate = forms.ChoiceField(
        label="Review gate", choices=NO_GATE + list(Gate.choices), required=False
    )
    milestone = forms.BooleanField(
        label="A milestone (shown on the strategy's implementation plan)", required=False
    )
    checklist = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One item a line. Ticked items stay ticked while their line is unchanged.",
    )

    def __init__(
        self, *args: Any, project: Project, task: Task | None, others: Sequence[Task], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        skill = self.fields["skill"]
        assert isinstance(skill, forms.ChoiceField)
        skill.choices = _skill_choices(task.skill if task else "")
        for name in ("owner", "vendor"):
            field = self.fields[name]
            current = getattr(task, name) if task else None
            assert isinstance(field, forms.ModelChoiceField)
            if current is not None:
                field.queryset = (
                    field.queryset | type(current).objects.filter(pk=current.pk)
                ).distinct()
        self.others = [t for t in others if task is None or t.pk != task.pk]
        for t in self.others:
            self.fields[f"after_{t.pk}"] = forms.BooleanField(label=t.name, required=False)
            self.fields[f"lag_{t.pk}"] = forms.IntegerField(
                label=f"Lag after {t.name} (working days)",
                min_value=0,
                max_value=MAX_LAG,
                required=False,
            )
        self.project = project

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "phase")]

    def who_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("owner", "vendor")]

    def work_fields(self) -> list[forms.BoundField]:
        names = ("estimate_hours", "duration_days", "skill", "skill_level", "gate", "milestone")
        return [self[name] for name in (*names, "checklist")]

    def dependency_rows(self) -> list[tuple[Task, forms.BoundField, forms.BoundField]]:
        return [(t, self[f"after_{t.pk}"], self[f"lag_{t.pk}"]) for t in self.others]

    def waits_for(self) -> list[tuple[Task, int]]:
        data = self.cleaned_data
        return [(t, data.get(f"lag_{t.pk}") or 0) for t in self.others if data.get(f"after_{t.pk}")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("owner") and data.get("vendor"):
            self.add_error("vendor", "Give the task to a team member or to a vendor, not both.")
        return data

    @staticmethod
    def initial_for(task: Task) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": task.name,
            "phase": task.phase,
            "owner": task.owner_id,
            "vendor": task.vendor_id,
            "estimate_hours": task.estimate_hours,
            "duration_days": task.duration_days,
            "skill": task.skill,
            "skill_level": task.skill_level,
            "gate": task.gate,
            "milestone": task.milestone,
            "checklist": "\n".join(str(i.get("item", "")) for i in task.checklist or []),
        }
        for d in task.dependencies.all():
            initial[f"after_{d.waits_for_id}"] = True
            initial[f"lag_{d.waits_for_id}"] = d.lag
        return initial


class ProgressForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)
    actual_start = forms.DateField(
        label="Started on",
        widget=DateInput,
        required=False,
        help_text="Empty: today, when the task is under way.",
    )
    actual_finish = forms.DateField(
        label="Finished on",
        widget=DateInput,
        required=False,
        help_text="Empty: today, when the task is done.",
    )
    remaining_days = forms.IntegerField(
        label="Working days left",
        min_value=0,
        max_value=MAX_DAYS,
        required=False,
        help_text="For a task under way: the owner's word on what is left.",
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(task.checklist or [])
        for n, item in enumerate(self.items):
            self.fields[f"item_{n}"] = forms.BooleanField(
                label=str(item.get("item", "")), required=False
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("status", "actual_start", "actual_finish", "remaining_days")]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{n}"] for n in range(len(self.items))]

    def ticks(self) -> list[bool]:
        return [bool(self.cleaned_data.get(f"item_{n}")) for n in range(len(self.items))]

    @staticmethod
    def initial_for(task: Task) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "status": task.status,
            "actual_start": task.actual_start,
            "actual_finish": task.actual_finish,
            "remaining_days": task.remaining_days,
        }
        initial |= {f"item_{n}": bool(i.get("done")) for n, i in enumerate(task.checklist or [])}
        return initial

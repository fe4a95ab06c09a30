"""Forms of the team area: members, the competency model, ratings, development actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from mainspring.factory.actions.team import capacity_problem
from mainspring.factory.models import (
    Competency,
    DevelopmentStatus,
    TeamMember,
    TeamRole,
)
from mainspring.factory.queries import team as queries
from mainspring.org.models import Person
from mainspring.org.queries import PersonLookupError, find_person
from mainspring.web.widgets import DateInput

LEVEL_CHOICES = [("", "Not rated"), *((str(n), f"{n} · {label}") for n, label in queries.LEVELS)]
TARGET_CHOICES = [("", f"Not set ({queries.DEFAULT_TARGET})"), *LEVEL_CHOICES[1:]]


class MemberChoiceField(forms.ModelChoiceField[TeamMember]):
    def label_from_instance(self, obj: TeamMember) -> str:
        return f"{obj} ({obj.get_role_display()})"


class MemberForm(forms.Form):
    person = forms.CharField(
        label="Person",
        max_length=200,
        help_text="Their e-mail, HRIS id or full name, as in the people directory.",
    )
    role = forms.ChoiceField(label="Role on the team", choices=TeamRole.choices)
    weekly_capacity = forms.DecimalField(
        label="Hours a week for project work",
        max_digits=5,
        decimal_places=1,
        initial=Decimal(30),
        help_text="What is left after meetings, delivery and admin: 0 to 80 hours.",
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "80"}),
        error_messages={"max_decimal_places": "Use at most one decimal, e.g. 22.5 hours."},
    )
    manager = MemberChoiceField(
        label="Manager on the team",
        queryset=TeamMember.objects.none(),
        required=False,
        empty_label="None on the team",
        help_text="Their manager sees and gives the manager's rating of their competencies.",
    )
    active = forms.BooleanField(
        label="On the team now (shown in the load grid)", required=False, initial=True
    )

    def __init__(self, *args: Any, member: TeamMember | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        manager = self.fields["manager"]
        assert isinstance(manager, forms.ModelChoiceField)
        manager.queryset = queries.members_for_choice(exclude=member)
        if member is not None:
            del self.fields["person"]  # a member stays the same person; add a new one instead

    def clean_person(self) -> Person:
        text: str = self.cleaned_data["person"]
        try:
            person = find_person(text, active_only=False)
        except PersonLookupError as error:
            raise ValidationError(str(error)) from error
        if not person.active:
            raise ValidationError(f"{person.full_name} is marked as gone in the people directory.")
        if TeamMember.objects.filter(person=person).exists():
            raise ValidationError(f"{person.full_name} is on the team already.")
        return person

    def clean_weekly_capacity(self) -> Decimal:
        hours: Decimal | None = self.cleaned_data.get("weekly_capacity")
        if problem := capacity_problem(hours):
            raise ValidationError(problem)
        assert hours is not None
        return hours


class CompetencyForm(forms.Form):
    name = forms.CharField(max_length=120)
    area = forms.CharField(
        max_length=80, help_text="Competencies of one area sit together on the heat map."
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What someone good at it does, in a sentence or two.",
    )
    leadership = forms.BooleanField(
        label="One of the learning leader's own (leadership) competencies", required=False
    )
    code = forms.SlugField(
        max_length=40,
        required=False,
        help_text="The short name tasks use for the skill they need; "
        "leave empty to make one from the name. It cannot change later.",
    )

    def __init__(self, *args: Any, competency: Competency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if competency is not None:
            del self.fields["code"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data.get("code", "")
        if code and Competency.objects.filter(code=code).exists():
            raise ValidationError(f'The code "{code}" is taken by another competency.')
        return code


class RatingsForm(forms.Form):
    """One row per competency; the columns the user may set are fields, the rest text."""

    def __init__(
        self,
        *args: Any,
        rows: list[tuple[Competency, queries.Gap]],
        rights: queries.RatingRights,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows, self.rights = rows, rights
        for competency, gap in rows:
            rating = gap.rating
            columns = [
                ("self", "Own level", LEVEL_CHOICES, rights.own, rating and rating.self_level),
                (
                    "manager",
                    "Manager's level",
                    LEVEL_CHOICES,
                    rights.manager,
                    rating and rating.manager_level,
                ),
                ("target", "Target", TARGET_CHOICES, rights.target, rating and rating.target_level),
            ]
            for prefix, label, choices, allowed, current in columns:
                if not allowed:
                    continue
                self.fields[f"{prefix}_{competency.pk}"] = forms.TypedChoiceField(
                    label=f"{label}: {competency.name}",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial="" if current is None else str(current),
                )

    def table(self) -> list[tuple[Competency, queries.Gap, dict[str, forms.BoundField | None]]]:
        """Rows for the template: the competency, its gap and its fields by column."""
        return [
            (
                c,
                gap,
                {
                    p: (self[f"{p}_{c.pk}"] if f"{p}_{c.pk}" in self.fields else None)
                    for p in ("self", "manager", "target")
                },
            )
            for c, gap in self.rows
        ]

    def levels(self, prefix: str) -> dict[int, int | None] | None:
        """The cleaned levels of one column by competency id (None if not on the form)."""
        if not any(name.startswith(f"{prefix}_") for name in self.fields):
            return None
        return {c.pk: self.cleaned_data.get(f"{prefix}_{c.pk}") for c, _ in self.rows}


class DevelopmentForm(forms.Form):
    action = forms.CharField(
        max_length=300, help_text="A course, a stretch task, coaching, a book, a secondment..."
    )
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.all(),
        required=False,
        empty_label="Not tied to one competency",
        help_text="The gap it closes.",
    )
    due = forms.DateField(label="Due by", required=False, widget=DateInput)
    status = forms.ChoiceField(choices=DevelopmentStatus.choices, initial=DevelopmentStatus.PLANNED)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from mainspring.factory.actions.costs import entry_problems
from mainspring.factory.models import CostCategory
from mainspring.factory.queries.costs import programs_for_costs
from mainspring.org.models import JobRole
from mainspring.web.widgets import DateInput

SHARED_LABEL = "Shared (department-wide)"
MAX_PERIOD_DAYS = 366 * 5


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's field errors next to the fields (others above the form)."""
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class EntryForm(forms.Form):
    on = forms.DateField(
        label="Date", widget=DateInput, help_text="When the cost was incurred (invoice date)."
    )
    program = forms.ModelChoiceField(
        queryset=programs_for_costs(),
        required=False,
        empty_label=SHARED_LABEL,
        help_text="Leave shared for costs of the whole department (overhead, an LMS licence).",
    )
    category = forms.ChoiceField(label="Cost category", choices=CostCategory.choices)
    amount = forms.DecimalField(max_digits=14, decimal_places=2, help_text="Without currency.")
    vendor = forms.CharField(max_length=200, required=False, help_text="Who was paid, if anyone.")
    description = forms.CharField(max_length=500, required=False)
    reference = forms.CharField(label="Invoice or reference no.", max_length=100, required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = entry_problems(on=data.get("on"), amount=data.get("amount"), today=self.today)
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error("on" if name == "date" else name, message)
        return data


class EntryFilterForm(forms.Form):
    program = forms.ChoiceField(required=False)
    category = forms.ChoiceField(
        required=False, choices=[("", "All categories"), *CostCategory.choices]
    )
    month = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="Year and month, e.g. 2026-03.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programs = [(str(p.pk), p.title) for p in programs_for_costs().only("pk", "title")]
        field = self.fields["program"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "All programs"),
            ("shared", SHARED_LABEL),
            *programs,
        ]

    def clean_month(self) -> str:
        text: str = self.cleaned_data.get("month", "").strip()
        if not text:
            return ""
        year, sep, month = text.partition("-")
        if not (sep and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):  # noqa: PLR2004
            raise ValidationError("Enter a month as YYYY-MM, e.g. 2026-03.")
        return f"{int(year):04d}-{int(month):02d}"


class BudgetLineForm(forms.Form):
    program = forms.ModelChoiceField(
        queryset=programs_for_costs(), required=False, empty_label=SHARED_LABEL
    )
    category = forms.ChoiceField(label="Cost category", choices=CostCategory.choices)
    amount = forms.DecimalField(
        label="Budget for the year",
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        help_text="Zero (with even phasing) removes the line.",
    )
    phasing = forms.ChoiceField(
        label="Spread over the months",
        choices=[("even", "Evenly (a twelfth each month)"), ("monthly", "As entered below")],
        widget=forms.RadioSelect,
        initial="even",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for m in range(1, 13):
            self.fields[f"m{m}"] = forms.DecimalField(
                label=calendar.month_name[m],
                max_digits=14,
                decimal_places=2,
                min_value=Decimal(0),
                required=False,
            )

    def month_fields(self) -> list[forms.BoundField]:
        return [self[f"m{m}"] for m in range(1, 13)]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("program", "category", "amount", "phasing", "notes")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("phasing") != "monthly":
            data["months"] = None
            return data
        months = [data.get(f"m{m}") for m in range(1, 13)]
        if any(value is None for value in months):
            self.add_error("phasing", "Enter an amount for every month (zero where none).")
            return data
        total = sum((v for v in months if v is not None), Decimal(0))
        amount = data.get("amount")
        if amount is not None and total != amount:
            self.add_error(
                "phasing", f"The months add up to {total:,.2f}, not the year's {amount:,.2f}."
            )
        data["months"] = months
        return data


class RateForm(forms.Form):
    job_role = forms.ModelChoiceField(queryset=JobRole.objects.all(), required=False)
    hourly_rate = forms.DecimalField(
        max_digits=8, decimal_places=2, required=False, min_value=Decimal("0.01")
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput)
    end = forms.DateField(label="To", widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end comes before the start.")
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", "Choose a period of at most five years.")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Costs file",
        help_text="CSV (comma, semicolon or tab separated) or XLSX, at most 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError("The file is larger than 2 MB; split it.")
        return upload

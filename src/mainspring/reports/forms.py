from __future__ import annotations

import calendar
from typing import Any

from django import forms

from mainspring.reports import tdrp
from mainspring.reports.actions import MAX_NOTE, PlanValues
from mainspring.reports.measures import Unit
from mainspring.reports.queries import GridRow

MONTHS = [(m, calendar.month_abbr[m]) for m in range(1, 13)]
SUM_TOLERANCE = 0.005
CELL_ATTRS = {
    "step": "any",
    "class": "form-control form-control-sm",
}  # months may differ from the annual figure by rounding only


class PeriodForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(choices=MONTHS, coerce=int)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Interpretation",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the numbers mean, why, and what happens next. Shown on the report, "
        "the PDF and the spreadsheet.",
    )


def _bounds(row: GridRow) -> tuple[float | None, float | None]:
    if row.measure.code in ("roi", "kpi_value", "contribution"):
        return None, None  # ROI and KPI values may be negative or above 100
    if row.measure.code == "nps":
        return -100.0, 100.0
    if row.measure.unit in (Unit.PERCENT, Unit.SCORE):
        return 0.0, 100.0
    return 0.0, None


class PlanGridForm(forms.Form):
    """One number field per measure and month, and one for the year; empty means no plan."""

    def __init__(self, rows: list[GridRow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            low, high = _bounds(row)
            cells = [
                ("annual", "the year", row.annual),
                *((f"m{m}", calendar.month_name[m], row.months[m - 1]) for m in range(1, 13)),
            ]
            for suffix, period, value in cells:
                name = f"{row.label}, {period}"
                self.fields[f"{row.key}.{suffix}"] = forms.FloatField(
                    required=False, min_value=low, max_value=high, initial=value,
                    label=name,
                    widget=forms.NumberInput(attrs={**CELL_ATTRS, "aria-label": name}),
                )  # fmt: skip

    def bound_rows(self) -> list[tuple[GridRow, forms.BoundField, list[forms.BoundField]]]:
        return [
            (r, self[f"{r.key}.annual"], [self[f"{r.key}.m{m}"] for m in range(1, 13)])
            for r in self.rows
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spread = self.data.get("spread", "")
        for row in self.rows:
            annual = data.get(f"{row.key}.annual")
            if row.key == spread:
                if annual is None:
                    self.add_error(f"{row.key}.annual", "Enter the year's plan to spread it.")
                    continue
                for month, value in tdrp.spread_evenly(annual, row.measure.aggregation).items():
                    data[f"{row.key}.m{month}"] = value
            months = [data.get(f"{row.key}.m{m}") for m in range(1, 13)]
            filled = [v for v in months if v is not None]
            if (
                row.measure.aggregation is tdrp.Aggregation.SUM
                and annual is not None
                and len(filled) == 12  # noqa: PLR2004
                and abs(sum(filled) - annual) > max(abs(annual) * SUM_TOLERANCE, 0.01)
            ):
                self.add_error(
                    f"{row.key}.annual",
                    f"The months add up to {sum(filled):,.2f}, not {annual:,.2f}: change one, "
                    "or clear the year's figure.",
                )
        return data

    def plan_values(self) -> list[PlanValues]:
        data = self.cleaned_data
        return [
            PlanValues(
                measure=r.measure.code,
                kpi_id=r.kpi.pk if r.kpi else None,
                annual=data.get(f"{r.key}.annual"),
                months=tuple(data.get(f"{r.key}.m{m}") for m in range(1, 13)),
            )
            for r in self.rows
        ]

"""Template filters that show impact numbers the way :mod:`mainspring.impact.wording` says them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from mainspring.impact import wording

register = template.Library()


@register.filter
def sig(value: float | None) -> str:
    """A number to three significant figures ("—" for none)."""
    return wording.number(value)


@register.filter
def signed(value: float | None) -> str:
    """A number to three significant figures with its sign (+0.12, -1.5)."""
    shown = wording.number(value)
    return shown if value is None or value <= 0 else f"+{shown}"


@register.filter
def money(value: Decimal | float | str | None) -> str:
    """Money in whole units with thousands separators ("425,000")."""
    if isinstance(value, str):
        try:
            return wording.amount(Decimal(value))
        except InvalidOperation:
            return value
    return wording.amount(value)


@register.filter
def ratio(value: float | None) -> str:
    """A benefit-cost ratio to two decimals ("1.76")."""
    return "—" if value is None else f"{value:,.2f}"


@register.filter
def pct(value: float | None) -> str:
    """A percentage rounded to a whole number ("76%")."""
    return "—" if value is None else f"{value:,.0f}%"


@register.filter
def loss_pct(value: float | None) -> str:
    """A negative ROI as the share of costs lost ("88%" for -88%)."""
    return "—" if value is None else f"{abs(value):,.0f}%"


@register.filter
def months(value: float | None) -> str:
    """Payback in months to one decimal, or "never" when benefits do not repay the costs."""
    return "never (no positive benefit)" if value is None else f"{value:,.1f} months"


@register.filter
def pvalue(value: float | None) -> str:
    """A p-value ("< 0.001", "0.042")."""
    if value is None:
        return "—"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"  # noqa: PLR2004

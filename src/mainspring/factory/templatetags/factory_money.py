"""Money as the ledger pages show it: plainly, with thousands separators."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value: Decimal | float | int | None) -> str:
    """Whole units: ``425000.4`` -> ``425,000``; None -> an em dash."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.0f}"


@register.filter
def cents(value: Decimal | float | int | None) -> str:
    """With cents: ``1234.5`` -> ``1,234.50``."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def hours(value: Decimal | float | None) -> str:
    """Hours with one decimal: ``1234.25`` -> ``1,234.3``."""
    if value is None:
        return "—"
    return f"{Decimal(value):,.1f}"

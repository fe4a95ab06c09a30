"""Form widgets every app shares."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, given its value as ISO ``YYYY-MM-DD``.

    A plain ``DateInput`` renders the locale's format (``25/11/2026`` in en-GB), which an
    ``<input type="date">`` refuses and shows empty, so an edit form would lose the date.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

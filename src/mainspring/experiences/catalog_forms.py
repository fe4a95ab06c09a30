"""Forms of the catalogue pages: search filters, libraries, role levels, imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from mainspring.experiences.models import Library, Skill, Step
from mainspring.experiences.queries.catalogue import CatalogFilters, FilterChoices
from mainspring.org.models import JobRole
from mainspring.strategy.models import LearningNeed


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "Title, description or provider", "type": "search"}
        ),
    )
    item_type = forms.ChoiceField(label="Type", required=False)
    provider = forms.ChoiceField(label="Provider", required=False)
    language = forms.ChoiceField(label="Language", required=False)
    library = forms.ModelChoiceField(
        label="Library", queryset=Library.objects.all(), required=False, empty_label="All libraries"
    )
    min_minutes = forms.IntegerField(label="From (minutes)", required=False, min_value=0)
    max_minutes = forms.IntegerField(label="To (minutes)", required=False, min_value=0)
    curated = forms.ChoiceField(
        label="Used in a path",
        required=False,
        choices=[("", "Used or not"), ("yes", "Used in a path"), ("no", "Not used yet")],
    )

    def __init__(self, *args: Any, choices: FilterChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, values, blank in (
            ("item_type", choices.item_types, "All types"),
            ("provider", choices.providers, "All providers"),
            ("language", choices.languages, "All languages"),
        ):
            self.fields[name].choices = [("", blank), *((v, v) for v in values)]  # type: ignore[attr-defined]  # ChoiceField
        self.fields["library"].queryset = Library.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            pk__in=[lib.pk for lib in choices.libraries]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_minutes"), data.get("max_minutes")
        if low is not None and high is not None and low > high:
            self.add_error("max_minutes", "Make this at least the 'from' value.")
        return data

    def filters(self) -> CatalogFilters:
        if not self.is_valid():
            return CatalogFilters()
        data = self.cleaned_data
        curated = {"yes": True, "no": False}.get(data["curated"])
        return CatalogFilters(
            text=data["q"].strip(),
            item_type=data["item_type"],
            provider=data["provider"],
            language=data["language"],
            library_id=data["library"].pk if data["library"] else None,
            min_minutes=data["min_minutes"],
            max_minutes=data["max_minutes"],
            curated=curated,
        )


class LibraryForm(forms.Form):
    name = forms.CharField(max_length=200)
    vendor = forms.CharField(max_length=200, required=False)
    annual_cost = forms.DecimalField(
        label="Annual cost",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="What the company pays a year, to show the cost of each item actually used.",
    )


class RoleLevelForm(forms.Form):
    job_role = forms.ModelChoiceField(label="Job role", queryset=JobRole.objects.all())
    level = forms.TypedChoiceField(
        label="Level required",
        coerce=int,
        choices=[
            (1, "1 Awareness"),
            (2, "2 Basic"),
            (3, "3 Practitioner"),
            (4, "4 Advanced"),
            (5, "5 Expert"),
            (0, "Not required (remove)"),
        ],
    )


class ItemSkillsForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hold Ctrl (Cmd on a Mac) to choose several.",
    )


def _checked_size(upload: Any) -> Any:
    if upload.size > settings.MAX_IMPORT_FILE_BYTES:
        raise forms.ValidationError(
            f"The file is {upload.size / 1e6:.0f} MB; the limit is "
            f"{settings.MAX_IMPORT_FILE_BYTES / 1e6:.0f} MB."
        )
    return upload


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label="Catalogue file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        help_text="CSV or Excel (.xlsx), one item per row, column names in row 1.",
    )
    library = forms.CharField(
        label="Library",
        max_length=200,
        help_text="The library the items belong to; a new name creates the library.",
    )
    deactivate_missing = forms.BooleanField(
        label="Retire the library's items that the file no longer lists", required=False
    )

    def clean_file(self) -> Any:
        return _checked_size(self.cleaned_data["file"])


class SkillsUploadForm(forms.Form):
    file = forms.FileField(
        label="Skills file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        help_text="CSV or Excel: code, name, parent code, description.",
    )

    def clean_file(self) -> Any:
        return _checked_size(self.cleaned_data["file"])


class SkillLinkForm(forms.Form):
    """Link a skill to a learning need or to a step of a path (one of the two)."""

    need = forms.ModelChoiceField(
        label="Learning need", queryset=LearningNeed.objects.order_by("title"), required=False
    )
    step = forms.ModelChoiceField(
        label="Path step",
        queryset=Step.objects.select_related("path").order_by("path__title", "position"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].label_from_instance = (  # type: ignore[attr-defined]  # ModelChoiceField
            lambda s: f"{s.path.title}: {s.position}. {s.title}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("need") is None) == (data.get("step") is None):
            raise forms.ValidationError("Choose either a learning need or a path step.")
        return data

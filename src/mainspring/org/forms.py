from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from mainspring.org import imports
from mainspring.org.actions import StakeholderData
from mainspring.org.models import (
    Engagement,
    ImportKind,
    JobRole,
    OrgUnit,
    Person,
    RelationshipHealth,
    Role,
    Stakeholder,
    StakeholderCategory,
    UnitKind,
    User,
)
from mainspring.web.widgets import DateInput


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Name, e-mail or HRIS id", "type": "search"}),
    )
    unit = forms.ModelChoiceField(
        label="Org unit (and below)", queryset=OrgUnit.objects.none(), required=False
    )
    role = forms.ModelChoiceField(label="Job role", queryset=JobRole.objects.all(), required=False)
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("inactive", "Former"), ("all", "Everyone")],
        required=False,
        initial="active",
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]  # ModelChoiceField


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "email",
            "org_unit",
            "job_role",
            "manager",
            "location",
            "hire_date",
            "active",
        ]
        widgets = {
            "hire_date": DateInput(),
            "manager": forms.TextInput(),
        }

    manager = forms.CharField(label="Manager's HRIS id", required=False)
    reason = forms.CharField(
        label="Reason for the change (kept in the audit trail)", required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.manager_id and not self.is_bound:
            self.initial["manager"] = self.instance.manager.hris_id

    def clean_manager(self) -> Person | None:
        hris_id = (self.cleaned_data.get("manager") or "").strip()
        if not hris_id:
            return None
        try:
            return Person.objects.get(hris_id=hris_id)
        except Person.DoesNotExist:
            raise forms.ValidationError(f"No person has the HRIS id '{hris_id}'.") from None

    def _post_clean(self) -> None:
        # Uniqueness and the manager loop are checked by actions.update_person, which
        # reports them as errors on the form; the instance is not touched here.
        pass


class NewPersonForm(PersonForm):
    hris_id = forms.CharField(
        label="HRIS id", max_length=64,
        help_text="The id your HRIS uses; a later HRIS import updates this person by it.",
    )  # fmt: skip

    field_order = ["hris_id"]


class OrgUnitForm(forms.Form):
    code = forms.CharField(max_length=64, help_text="A stable code, as in the HRIS.")
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text="Leave empty for a top-level unit.",
    )
    reason = forms.CharField(label="Reason for the change", required=False, max_length=200)

    def __init__(self, *args: Any, unit: OrgUnit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        if unit is not None:
            self.fields["code"].disabled = True

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if self.unit is None and OrgUnit.objects.filter(code=code).exists():
            raise forms.ValidationError(f"An org unit with the code '{code}' exists already.")
        return code


class UserForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    person = forms.CharField(
        label="Linked person (HRIS id)",
        required=False,
        help_text="Ties the login to a person: learners see their own "
        "records, managers their teams.",
    )
    scope_units = forms.ModelMultipleChoiceField(
        label="Stakeholder scope",
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text="Business stakeholders see these units and everything below them. "
        "Empty: the unit of their linked person.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    is_active = forms.BooleanField(label="May sign in", required=False, initial=True)

    def clean_person(self) -> Person | None:
        hris_id = (self.cleaned_data.get("person") or "").strip()
        if not hris_id:
            return None
        try:
            return Person.objects.get(hris_id=hris_id)
        except Person.DoesNotExist:
            raise forms.ValidationError(f"No person has the HRIS id '{hris_id}'.") from None


class NewUserForm(UserForm):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    password = forms.CharField(
        widget=forms.PasswordInput,
        required=False,
        min_length=10,
        help_text="At least 10 characters. Leave empty for single sign-on only.",
    )

    field_order = ["username", "email", "password", "role", "person", "scope_units", "is_active"]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds", choices=ImportKind.choices, initial=ImportKind.PEOPLE
    )
    file = forms.FileField(
        label="CSV or Excel (.xlsx) file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_IMPORT_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.0f} MB; the limit is "
                f"{settings.MAX_IMPORT_FILE_BYTES / 1e6:.0f} MB."
            )
        return upload


class ImportMappingForm(forms.Form):
    """One select per field, listing the file's columns; plus the import options."""

    def __init__(
        self,
        *args: Any,
        fields: tuple[imports.FieldSpec, ...],
        headers: list[str],
        kind: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "— not in this file —"), *[(h, h) for h in headers if h]]
        for spec in fields:
            self.fields[f"map_{spec.name}"] = forms.ChoiceField(
                label=spec.label + (" *" if spec.required else ""),
                choices=choices,
                required=False,
                help_text=spec.help,
            )
        if kind == ImportKind.PEOPLE:
            self.fields["deactivate_missing"] = forms.BooleanField(
                label="This is a full export: deactivate active people who are not in it",
                required=False,
                initial=True,
            )
            self.fields["date_format"] = forms.ChoiceField(
                label="Hire dates are written as",
                required=False,
                choices=[
                    ("", "YYYY-MM-DD (or Excel dates)"),
                    ("%d/%m/%Y", "DD/MM/YYYY"),
                    ("%m/%d/%Y", "MM/DD/YYYY"),
                    ("%d.%m.%Y", "DD.MM.YYYY"),
                ],
            )
        self.spec_names = [spec.name for spec in fields]

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"map_{name}", "") for name in self.spec_names}

    def options(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("deactivate_missing", "date_format")
            if k in self.cleaned_data
        }


# ----------------------------------------------------------------------------- partnerships


class StakeholderFilterForm(forms.Form):
    category = forms.ChoiceField(
        choices=[("", "All categories"), *StakeholderCategory.choices], required=False
    )
    health = forms.ChoiceField(
        choices=[("", "Any health"), *RelationshipHealth.choices], required=False
    )


class StakeholderForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    # A select of every person would hold the whole company; the HRIS id is what L&D has.
    person_hris_id = forms.CharField(
        label="Person's HRIS id (someone in the organisation)", required=False
    )

    class Meta:
        model = Stakeholder
        fields = [
            "category",
            "name",
            "organisation",
            "org_unit",
            "value_to_them",
            "value_to_us",
            "health",
            "owner",
            "notes",
        ]
        labels = {
            "name": "Name (for someone outside the organisation)",
            "value_to_them": "Value to them",
            "value_to_us": "Value to us",
            "owner": "Relationship owner (L&D)",
        }
        widgets = {
            "value_to_them": forms.Textarea(attrs={"rows": 3}),
            "value_to_us": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            role__in=[Role.LEADER, Role.STAFF], is_active=True
        )
        self.fields["org_unit"].queryset = OrgUnit.objects.exclude(kind="team")  # type: ignore[attr-defined]  # ModelChoiceField
        if self.instance.person_id and not self.is_bound:
            self.initial["person_hris_id"] = self.instance.person.hris_id

    def clean_person_hris_id(self) -> Person | None:
        hris_id = self.cleaned_data["person_hris_id"].strip()
        if not hris_id:
            return None
        person = Person.objects.filter(hris_id=hris_id).first()
        if person is None:
            raise forms.ValidationError("No one has this HRIS id.")
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person_hris_id") and not (data.get("name") or "").strip():
            raise forms.ValidationError("Give a person's HRIS id or a name.")
        return data

    def to_data(self) -> StakeholderData:
        d = self.cleaned_data
        return StakeholderData(
            category=d["category"],
            person=d["person_hris_id"],
            name=d["name"],
            organisation=d["organisation"],
            org_unit=d["org_unit"],
            value_to_them=d["value_to_them"],
            value_to_us=d["value_to_us"],
            health=d["health"],
            owner=d["owner"],
            notes=d["notes"],
        )


class EngagementForm(forms.ModelForm):  # type: ignore[type-arg]  # django-stubs generic
    class Meta:
        model = Engagement
        fields = ["date", "kind", "notes", "next_step", "next_step_due"]
        labels = {"next_step_due": "Next step due"}
        widgets = {
            "date": DateInput(),
            "next_step_due": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("next_step_due") and not (data.get("next_step") or "").strip():
            self.add_error("next_step", "Say what the next step is, or clear its due date.")
        return data

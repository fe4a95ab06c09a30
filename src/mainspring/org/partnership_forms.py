from __future__ import annotations

from typing import Any

from django import forms

from mainspring.org.models import (
    Engagement,
    OrgUnit,
    Person,
    RelationshipHealth,
    Role,
    Stakeholder,
    StakeholderCategory,
    User,
)
from mainspring.org.partnership_actions import StakeholderData


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
            "date": forms.DateInput(attrs={"type": "date"}),
            "next_step_due": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("next_step_due") and not (data.get("next_step") or "").strip():
            self.add_error("next_step", "Say what the next step is, or clear its due date.")
        return data

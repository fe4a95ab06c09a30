"""Forms of the vendors register: the vendor, the register's filter, a rating."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from mainspring.factory.actions.vendors import VendorDetails, vendor_problems
from mainspring.factory.models import Project, Vendor
from mainspring.web.widgets import DateInput

SCORES = [("", "Choose"), *((str(n), str(n)) for n in range(1, 6))]


class VendorForm(forms.Form):
    name = forms.CharField(max_length=200)
    services = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What they do for you: custom e-learning, video, translation, facilitation...",
    )
    contact_name = forms.CharField(label="Contact person", max_length=200, required=False)
    contact_email = forms.EmailField(label="Contact e-mail", required=False)
    contract_reference = forms.CharField(label="Contract reference", max_length=100, required=False)
    contract_start = forms.DateField(label="Contract start", required=False, widget=DateInput)
    contract_end = forms.DateField(
        label="Renewal date",
        required=False,
        widget=DateInput,
        help_text="When the contract ends or must be renewed; the register warns 90 days ahead.",
    )
    rate = forms.DecimalField(
        max_digits=10,
        decimal_places=2,
        required=False,
        min_value=Decimal(0),
        help_text="Without currency.",
    )
    rate_unit = forms.CharField(
        label="Rate per", max_length=40, required=False, help_text='e.g. "day", "finished minute".'
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(
        label="Active (we can give them work)", required=False, initial=True
    )

    def __init__(self, *args: Any, vendor: Vendor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor

    def details(self) -> VendorDetails:
        data = self.cleaned_data
        return VendorDetails(
            name=data.get("name", ""),
            services=data.get("services", ""),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contract_reference=data.get("contract_reference", ""),
            contract_start=data.get("contract_start"),
            contract_end=data.get("contract_end"),
            rate=data.get("rate"),
            rate_unit=data.get("rate_unit", ""),
            notes=data.get("notes", ""),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in vendor_problems(self.details(), self.vendor).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class VendorFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("active", "Active vendors"), ("inactive", "Inactive vendors"), ("all", "All")],
    )
    q = forms.CharField(label="Search", max_length=100, required=False)


class RatingForm(forms.Form):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        empty_label="Choose a project",
        help_text="Projects where they had tasks and are not rated yet.",
    )
    quality = forms.TypedChoiceField(choices=SCORES, coerce=int, help_text="1 poor to 5 excellent.")
    timeliness = forms.TypedChoiceField(choices=SCORES, coerce=int)
    value = forms.TypedChoiceField(label="Value for money", choices=SCORES, coerce=int)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        assert isinstance(project, forms.ModelChoiceField)
        if projects is None:
            del self.fields["project"]  # editing a rating: its project stays
        else:
            project.queryset = projects

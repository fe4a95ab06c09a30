from __future__ import annotations

from django import forms

from mainspring.cmi5.queries import steps_for_attaching


class ImportForm(forms.Form):
    package = forms.FileField(
        label="Course package or structure",
        help_text="A cmi5 zip package (cmi5.xml at its root) or a cmi5.xml on its own.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.xml"}),
    )

    def clean_package(self) -> object:
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith((".zip", ".xml")):
            raise forms.ValidationError("Choose a .zip package or a cmi5.xml file.")
        return upload


class AttachForm(forms.Form):
    step = forms.ModelChoiceField(
        queryset=steps_for_attaching(),
        required=False,
        empty_label="(not on any step)",
        label="Path step it delivers",
    )

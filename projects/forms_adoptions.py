"""Forms of adoptions: what a municipality took over from another's project, and how.

They validate what the officer typed and hand cleaned_data to projects.services_adoptions;
none of them saves anything (STYLE §6)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Adoption

NOTES_MAX = 2000
EARLIEST = datetime.date(1990, 1, 1)


class AdoptionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How did your municipality use it?"),
        choices=Adoption.Kind.choices,
        widget=forms.RadioSelect,
    )
    adopted_on = forms.DateField(
        label=_("Since when"),
        required=False,
        help_text=_("Optional: the day it went into use (or started to), if known."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=NOTES_MAX,
        required=False,
        help_text=_("Optional: what you changed, what others should know."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value is None:
            return value
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        if value < EARLIEST:
            raise forms.ValidationError(_("Please check the year."))
        return value

    def clean_notes(self):
        return self.cleaned_data["notes"].strip()


class AdoptionRecordForm(AdoptionForm):
    """With a choice of the municipality when the officer serves more than one that may
    record the adoption; any other id posted is refused like an unknown one."""

    field_order = ["municipality", "kind", "adopted_on", "notes"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        if len(municipalities) > 1:
            self.fields["municipality"] = forms.ModelChoiceField(
                label=_("Municipality"),
                queryset=municipalities,
                to_field_name="slug",
                empty_label=_("Please choose"),
            )
            self.order_fields(self.field_order)

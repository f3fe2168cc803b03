"""Forms for a municipality's public profile, edited by its officers (members.views_profile).
They validate and normalise; members.services.profile saves."""

import re

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from members.models import Municipality, Person

AGS = re.compile(r"^\d{8}$")
WIKIDATA_ID = re.compile(r"^Q[1-9]\d*$")


class MunicipalityProfileForm(forms.ModelForm):
    # The newest history record's id when the form was loaded: saving over a newer version
    # is refused (409) instead of silently overwriting someone else's change.
    loaded_version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Municipality
        fields = [
            "name_en",
            "description",
            "description_en",
            "website",
            "kind",
            "settlement_type",
            "population",
            "official_key",
            "wikidata_id",
        ]
        help_texts = {
            "description": _("Light Markdown: see the formatting help below the field."),
            "name_en": _(
                "Optional: the English name, if it differs (Munich for München). "
                "Readers of the English pages see it."
            ),
            "description_en": _(
                "Optional: the description in English, for readers of the English pages. "
                "Light Markdown as above."
            ),
            "official_key": _("For German municipalities the 8-digit AGS, e.g. 01002000."),
            "wikidata_id": _("Q followed by digits, e.g. Q1707."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            # English words: the browser's spelling check and screen readers follow `lang`.
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
        }

    def clean_official_key(self):
        key = re.sub(r"\s+", "", self.cleaned_data.get("official_key") or "")
        if key and self.instance.country == "DE" and not AGS.match(key):
            raise forms.ValidationError(
                _("The official municipality key (AGS) has exactly 8 digits, e.g. 01002000.")
            )
        return key

    def clean_wikidata_id(self):
        value = (self.cleaned_data.get("wikidata_id") or "").strip().upper()
        if value and not WIKIDATA_ID.match(value):
            raise forms.ValidationError(_("A Wikidata ID is a Q followed by digits, e.g. Q1707."))
        return value


class ContactPersonForm(forms.ModelForm):
    """Name and public role title only: email and phone stay members-only contact data."""

    class Meta:
        model = Person
        fields = ["name", "role_title"]
        labels = {"role_title": _("Role title")}


ContactPersonFormSet = inlineformset_factory(
    Municipality,
    Person,
    form=ContactPersonForm,
    fk_name="municipality",
    extra=1,
    max_num=30,
    validate_max=True,
    can_delete=True,
)

"""The form for adding a picture: the file, what it shows (alt text) and a caption."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PictureForm(forms.Form):
    image = forms.FileField(
        label=_("Picture"),
        # core.images.MAX_BYTES
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data in the file is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def clean_alt_text(self):
        alt_text = self.cleaned_data["alt_text"].strip()
        if not alt_text:
            raise forms.ValidationError(_("Describe what the picture shows."))
        return alt_text

from django import forms
from django.utils.translation import gettext_lazy as _


def single_line(value: str) -> str:
    """Collapse line breaks and runs of spaces: the value goes into a mail header."""
    return " ".join(value.split())


class ContactForm(forms.Form):
    """A message to the operator. Nothing of it is stored: the view sends it on by email."""

    HONEYPOT = "website"

    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We use it only to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        help_text=_("At most 5,000 characters."),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60}),
    )
    # A field people never see (the template hides it); programs that fill in every field
    # fill this one too, and their message is quietly dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self):
        return single_line(self.cleaned_data["name"])

    def clean_subject(self):
        return single_line(self.cleaned_data["subject"])

    def shown_fields(self):
        return [field for field in self.visible_fields() if field.name != self.HONEYPOT]

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(self.HONEYPOT))

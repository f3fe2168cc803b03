from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network_portal.following.models import NotificationSettings


class NotificationSettingsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Email about what you follow"),
        choices=NotificationSettings.Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Digests are sent in the morning (Berlin time): daily ones cover the previous "
            "day, weekly ones on Mondays the previous week."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

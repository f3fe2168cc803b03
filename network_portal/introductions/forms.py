from django import forms
from django.utils.translation import gettext_lazy as _

from network_portal.introductions.models import MESSAGE_MAX_LENGTH


class IntroductionForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "Who you are and why you would like to get in touch (at most %(n)d characters)."
        )
        % {"n": MESSAGE_MAX_LENGTH},
        max_length=MESSAGE_MAX_LENGTH,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("accept", _("Accept: we both get each other's email address")),
            ("decline", _("Decline: the person is told, without a reason")),
        ],
        widget=forms.RadioSelect,
    )
    stop = forms.BooleanField(label=_("Send me no further introduction requests"), required=False)

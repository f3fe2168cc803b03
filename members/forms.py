"""Forms of the officer and membership requests and of the network admins' workspace.

They validate and normalise what people type and hand cleaned_data to members.services;
none of them saves anything (STYLE §6).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Network, NetworkRole

MESSAGE_MAX = 2000
REASON_MAX = 2000


def _single_line(value: str) -> str:
    return " ".join(value.split())


class OfficerRequestForm(forms.Form):
    role_title = forms.CharField(
        label=_("Your role in the municipality"),
        max_length=200,
        help_text=_("For example: Chief Digital Officer, head of the smart city team."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    message = forms.CharField(
        label=_("Message to the network's administrators"),
        max_length=MESSAGE_MAX,
        required=False,
        help_text=_("Optional: how the administrators can check that you work there."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_role_title(self):
        value = _single_line(self.cleaned_data["role_title"])
        if not value:
            raise forms.ValidationError(_("Please enter your role."))
        return value


class MembershipRequestForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        empty_label=_("Please choose"),
    )
    message = forms.CharField(
        label=_("Message to the network's administrators"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, networks, **kwargs):
        """`networks`: the ones the municipality may ask to join; any other id posted is
        refused like an unknown one."""
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class DecisionForm(forms.Form):
    """Approve or reject a request; a rejection needs a reason the requester reads.

    The decision comes from the button pressed (name "decision", outside the prefix), so
    one form per request can sit on the workspace page."""

    APPROVE = "approve"
    REJECT = "reject"

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Needed for a rejection: the person who asked reads it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.decision = data.get("decision") if data is not None else None

    @property
    def approve(self) -> bool:
        return self.decision == self.APPROVE

    def clean(self):
        cleaned = super().clean()
        if self.decision not in (self.APPROVE, self.REJECT):
            raise forms.ValidationError(_("Please choose whether to approve or reject."))
        cleaned["reason"] = cleaned.get("reason", "").strip()
        if self.decision == self.REJECT and not cleaned["reason"] and "reason" not in self.errors:
            self.add_error("reason", _("Please say why the request is rejected."))
        return cleaned


class MembershipDecisionForm(DecisionForm):
    joined_on = forms.DateField(
        label=_("Member since"),
        required=False,
        help_text=_("Empty: today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tier = forms.ChoiceField(
        label=_("Tier"), choices=Membership.Tier.choices, initial=Membership.Tier.MEMBER
    )


class MembershipEditForm(forms.Form):
    joined_on = forms.DateField(
        label=_("Joined"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    left_on = forms.DateField(
        label=_("Left"),
        required=False,
        help_text=_("A date here records that the municipality left the network."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=Membership.Tier.choices)
    reason = forms.CharField(
        label=_("Note for the log"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("The municipality cannot leave before it joined."))
        return cleaned


class OfficerRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        help_text=_("The officer reads it on their requests page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Please say why the officer is removed."))
        return value


class RoleGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the account"),
        help_text=_("The person needs an account in the portal with this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=NetworkRole.Role.choices)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(emailaddress__email__iexact=email, emailaddress__verified=True)
            .first()
        ) or get_user_model().objects.filter(is_active=True, email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this address."))
        self.user = user
        return email

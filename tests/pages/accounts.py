"""The account pages people use (allauth, mounted at /konto/).

Pages that need a signed-in person register for MEMBER only; pages that send a signed-in
person elsewhere (login, signup) register for VISITOR only.
"""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.pages import MEMBER, VISITOR, exempt, page

VISITOR_ONLY = (VISITOR,)
MEMBER_ONLY = (MEMBER,)


@page("account_login", personas=VISITOR_ONLY)
def login():
    return reverse("account_login")


@page("account_signup", personas=VISITOR_ONLY)
def signup():
    return reverse("account_signup")


@page("account_email_verification_sent", personas=VISITOR_ONLY)
def verification_sent():
    return reverse("account_email_verification_sent")


@page("account_confirm_email", personas=VISITOR_ONLY)
def confirm_email():
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    return reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])


@page("account_inactive", personas=VISITOR_ONLY)
def inactive():
    return reverse("account_inactive")


@page("account_reset_password", personas=VISITOR_ONLY)
def reset_password():
    return reverse("account_reset_password")


@page("account_reset_password_done", personas=VISITOR_ONLY)
def reset_password_done():
    return reverse("account_reset_password_done")


@page("account_reset_password_from_key", personas=VISITOR_ONLY, follow=True)
def reset_password_from_key():
    """The link in the reset mail: it keeps the key in the session and redirects to the
    form for the new password, which the gates check."""
    user = UserFactory()
    key = default_token_generator.make_token(user)
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )


@page("account_reset_password_from_key_done", personas=VISITOR_ONLY)
def reset_password_from_key_done():
    return reverse("account_reset_password_from_key_done")


@page("account_confirm_login_code", personas=VISITOR_ONLY, html=False)
def confirm_login_code():
    """Sign-in by code is switched off: without a pending code the view redirects."""
    return reverse("account_confirm_login_code")


@page("account_logout", personas=MEMBER_ONLY)
def logout():
    return reverse("account_logout")


@page("account_change_password", personas=MEMBER_ONLY)
def change_password():
    return reverse("account_change_password")


@page("account_set_password", personas=MEMBER_ONLY, follow=True)
def set_password():
    """Only for accounts without a password; a member who has one is sent to the change
    password form, which the gates check."""
    return reverse("account_set_password")


@page("account_email", personas=MEMBER_ONLY)
def email_addresses():
    return reverse("account_email")


@page("account_reauthenticate", personas=MEMBER_ONLY)
def reauthenticate():
    return reverse("account_reauthenticate")


@page("usersessions_list", personas=MEMBER_ONLY)
def sessions():
    return reverse("usersessions_list")


# --- Two-factor authentication (allauth mfa, /konto/2fa/) ------------------------------------


@page("mfa_index", personas=MEMBER_ONLY)
def two_factor_overview():
    return reverse("mfa_index")


@page("mfa_activate_totp", personas=MEMBER_ONLY, follow=True)
def activate_totp():
    """Setting up the app asks for the password first: the gates check that form (the set-up
    form itself is tested in tests/foundation/test_two_factor.py)."""
    return reverse("mfa_activate_totp")


@page("mfa_generate_recovery_codes", personas=MEMBER_ONLY, follow=True)
def generate_recovery_codes():
    """Asks for the password first, like every change of the second factor."""
    return reverse("mfa_generate_recovery_codes")


@page("mfa_reauthenticate", personas=MEMBER_ONLY, follow=True)
def reauthenticate_with_code():
    """Without an authenticator app the code form sends people to the password form."""
    return reverse("mfa_reauthenticate")


@page("mfa_authenticate", personas=VISITOR_ONLY, html=False)
def authenticate_with_code():
    """The code step of a sign-in: without a pending sign-in the view redirects."""
    return reverse("mfa_authenticate")


_NEEDS_AN_AUTHENTICATOR = (
    "answers 404 unless the person has an authenticator app or recovery codes; the member "
    "persona has none, and giving it one would change every other sample of the member"
)
exempt("mfa_deactivate_totp", _NEEDS_AN_AUTHENTICATOR)
exempt("mfa_view_recovery_codes", _NEEDS_AN_AUTHENTICATOR)
exempt("mfa_download_recovery_codes", _NEEDS_AN_AUTHENTICATOR + " (and it is a text file)")


# --- The person's own data (members/account_urls.py) ----------------------------------------


@page("account_data", personas=MEMBER_ONLY)
def my_data():
    return reverse("account_data")


@page("account_data_download", personas=MEMBER_ONLY, html=False)
def my_data_download():
    """A JSON file, not a page."""
    return reverse("account_data_download")


@page("account_delete", personas=MEMBER_ONLY)
def delete_account():
    return reverse("account_delete")

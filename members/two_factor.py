"""Whether a person signs in with a second factor (allauth's mfa: an authenticator app).

Rights that reach beyond one's own municipality (staff, network admins) apply only once
this answers True; recovery codes alone do not count, they are the fallback of the app.
"""

from allauth.mfa.models import Authenticator


def second_factors():
    """The authenticators that count as a second factor (allauth deletes one on
    deactivation); members.access asks for them in the viewer's query."""
    return Authenticator.objects.filter(type=Authenticator.Type.TOTP)


def has_two_factor(user) -> bool:
    """True when `user` has an active TOTP authenticator."""
    if user is None or not user.is_authenticated:
        return False
    return second_factors().filter(user=user).exists()

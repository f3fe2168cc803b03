"""Whether a person signs in with a second factor (allauth's mfa: an authenticator app).

Rights that reach beyond one's own municipality (staff, network admins) apply only once
this answers True; recovery codes alone do not count, they are the fallback of the app.
"""

from allauth.mfa.models import Authenticator


def has_two_factor(user) -> bool:
    """True when `user` has an active TOTP authenticator (allauth deletes it on deactivation)."""
    if user is None or not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

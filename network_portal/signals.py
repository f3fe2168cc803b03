"""Ending a person's other sessions when they sign out, change or reset their password, or
are deactivated (OWASP ASVS 5.0 V7.4).

allauth.usersessions records every sign-in as a UserSession row (session key, client IP,
user agent), so a person's sessions are found without scanning the whole session table.
"""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save

from network_portal.middleware import SESSION_LAPSED_ATTRIBUTE


def end_sessions(user, *, keep_session_key: str | None = None) -> int:
    """End every recorded session of `user` except `keep_session_key`; return how many."""
    sessions = UserSession.objects.filter(user_id=user.pk)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    ended = 0
    for session in sessions:
        session.end()
        ended += 1
    return ended


def end_sessions_on_sign_out(sender, request, user, **kwargs) -> None:
    """Signing out ends the person's sessions everywhere. A session that lapsed (idle or
    too old, ended by SessionLifetimeMiddleware) ends alone: the person's sessions on their
    other devices stay."""
    if user is None or getattr(request, SESSION_LAPSED_ATTRIBUTE, False):
        return
    end_sessions(user)


def end_other_sessions_on_password_change(sender, request, user, **kwargs) -> None:
    """The session that changed the password stays; every other one ends."""
    session = getattr(request, "session", None)
    end_sessions(user, keep_session_key=getattr(session, "session_key", None))


def end_sessions_on_deactivation(sender, instance, **kwargs) -> None:
    if not instance.is_active:
        end_sessions(instance)


def connect() -> None:
    user_logged_out.connect(end_sessions_on_sign_out, dispatch_uid="portal_sign_out")
    for signal in (password_changed, password_reset, password_set):
        signal.connect(end_other_sessions_on_password_change, dispatch_uid="portal_password")
    post_save.connect(
        end_sessions_on_deactivation, sender=get_user_model(), dispatch_uid="portal_deactivate"
    )

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.core.exceptions import SuspiciousOperation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from members.access import viewer_for
from members.auth_backends import EXTENDED

LAST_SEEN_KEY = "_portal_last_seen"
AUTHENTICATED_AT_KEY = "_portal_authenticated_at"
# Set on a request whose session this middleware ended, so that sign-out handlers can tell
# a lapsed session from a person signing out (which ends their other sessions too).
SESSION_LAPSED_ATTRIBUTE = "portal_session_lapsed"
# Refresh the last-seen stamp at most this often, so that browsing does not write the
# session row on every request.
LAST_SEEN_RESOLUTION = 60


class SessionLifetimeMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request and,
    however active it is, SESSION_ABSOLUTE_LIFETIME seconds after sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            authenticated_at = session.setdefault(AUTHENTICATED_AT_KEY, now)
            last_seen = session.get(LAST_SEEN_KEY, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - authenticated_at > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or too_old:
                setattr(request, SESSION_LAPSED_ATTRIBUTE, True)
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN_KEY not in session:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class SessionBackendMiddleware:
    """A session begun before the portal's own authentication backends names the backend
    they extend (members.auth_backends.EXTENDED), which Django would no longer accept:
    renamed, so that nobody is signed out by the change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:
            renamed = EXTENDED.get(session.get(BACKEND_SESSION_KEY))
            if renamed:
                session[BACKEND_SESSION_KEY] = renamed
        return self.get_response(request)


class NulByteInRequest(SuspiciousOperation):
    """A NUL byte in the path, query string or form data: no field of the portal holds one,
    and PostgreSQL refuses them in text, so the request is refused with a 400 up front."""


class RejectNulBytesMiddleware:
    """Answers 400 (the 400 page, logged to django.security) to requests with a NUL byte
    in the path, a query parameter or a form field, before any view passes one on to the
    database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise NulByteInRequest("NUL byte in the URL")
        is_form = request.method == "POST" and request.content_type in FORM_CONTENT_TYPES
        if is_form and _has_nul(request.POST):
            raise NulByteInRequest("NUL byte in the form data")
        return self.get_response(request)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


class ViewerMiddleware:
    """Sets `request.viewer` (core.access): who looks, with their officer links and network
    roles, built on first use and at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: viewer_for(request.user, loaded_rights=True))
        return self.get_response(request)


def viewer(request):
    """Template context processor: `viewer` for the `can_…` questions of templates."""
    return {"viewer": getattr(request, "viewer", None) or viewer_for(None)}

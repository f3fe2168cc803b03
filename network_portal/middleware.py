import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "_portal_last_seen"
AUTHENTICATED_AT_KEY = "_portal_authenticated_at"
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
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN_KEY not in session:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)

"""The portal's authentication backends: Django's and allauth's, loading the session's user
with their rights in one query (members.access.user_with_rights) instead of one query for
the user and one for the rights on every signed-in request."""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends

from members.access import user_with_rights

# Sessions begun before these backends name the ones they extend (SessionBackendMiddleware
# renames them; it can go once SESSION_ABSOLUTE_LIFETIME has passed since the change).
EXTENDED = {
    "django.contrib.auth.backends.ModelBackend": "members.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "members.auth_backends.AuthenticationBackend"
    ),
}


class RightsLoadingMixin:
    def get_user(self, user_id):
        user = user_with_rights(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RightsLoadingMixin, django_backends.ModelBackend):
    pass


class AuthenticationBackend(RightsLoadingMixin, allauth_backends.AuthenticationBackend):
    pass

"""The portal's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from network_portal.urls import urlpatterns as portal_urlpatterns

SECRET_DETAIL = "geheimes-Detail-aus-dem-Stacktrace"


def fail(request):
    raise RuntimeError(SECRET_DETAIL)


def forbid(request):
    raise PermissionDenied(SECRET_DETAIL)


urlpatterns = [
    *portal_urlpatterns,
    path("kaputt/", fail, name="test_fail"),
    path("verboten/", forbid, name="test_forbid"),
]

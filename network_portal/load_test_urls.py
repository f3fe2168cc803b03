"""The portal's URLs plus `/hello/`, a view that returns a fixed response through the same
middleware: the load test's yardstick (network_portal.load_test). Only the load test's
settings (network_portal.load_test_settings) route to it."""

from django.http import HttpResponse
from django.urls import path

from network_portal.urls import urlpatterns as portal_urlpatterns


def hello(request):
    return HttpResponse(b"Hello", content_type="text/plain")


urlpatterns = [path("hello/", hello, name="load_test_hello"), *portal_urlpatterns]

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from network_portal.api import docs, views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("networks", views.NetworkViewSet, basename="network")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("adoptions", views.AdoptionViewSet, basename="adoption")
router.register("events", views.EventViewSet, basename="event")
router.register("recaps", views.RecapViewSet, basename="recap")

urlpatterns = [
    path("schema/", docs.schema, name="schema"),
    path("docs/", docs.documentation, name="docs"),
    path("docs/explorer/", docs.explorer, name="explorer"),
    *router.urls,
    # Anything else under /api/ answers 404 as a problem, as the API's own misses do.
    re_path(r"^.+$", docs.not_found, name="not_found"),
]

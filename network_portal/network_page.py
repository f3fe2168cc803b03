"""A network's page: its members, their projects and its events. It spans members, projects
and events, so it lives here (members never imports the apps above it, STYLE §0)."""

from django.views.generic import DetailView

from core.cached import cached
from core.facets import SECTION_SIZE
from members.models import Membership, Network
from network_portal.services_featured import featured_projects_for
from projects.models import Project


class NetworkDetailView(DetailView):
    template_name = "members/network_detail.html"
    context_object_name = "network"

    def get_queryset(self):
        return Network.objects.with_member_count().select_related("operator").order_by("name")

    def get_context_data(self, **kwargs):
        network = self.object
        viewer = self.request.viewer
        # Every section shows its first SECTION_SIZE rows and links to the filtered list
        # with all of them (a benchmark network has 800 members and 1,700 events); counts
        # are cached per group of viewers and content generation (core.cached).
        memberships = (
            network.memberships.active()
            .select_related("municipality")
            .order_by("municipality__name", "pk")
        )
        projects = (
            Project.objects.visible_to(viewer)
            .filter(
                lead_municipality__memberships__network=network,
                lead_municipality__memberships__status=Membership.Status.ACTIVE,
            )
            .with_card_data()
        )
        events = network.events.visible_to(viewer)
        counts = cached(
            "network-page-counts",
            viewer,
            (network.pk,),
            lambda: {"projects": projects.count(), "events": events.count()},
            facts=True,
        )
        shown = events.with_card_data()
        upcoming = list(shown.upcoming().order_by("starts_on", "title")[:SECTION_SIZE])
        past = list(shown.past().order_by("-starts_on", "title")[:SECTION_SIZE])
        undated = list(shown.undated().order_by("title")[:SECTION_SIZE])
        return super().get_context_data(
            memberships=memberships[:SECTION_SIZE],
            featured_projects=featured_projects_for(viewer, network),
            projects=projects[:SECTION_SIZE],
            project_count=counts["projects"],
            upcoming_events=upcoming,
            past_events=past,
            undated_events=undated,
            event_count=counts["events"],
            events_shown=len(upcoming) + len(past) + len(undated),
            **kwargs,
        )


network_detail = NetworkDetailView.as_view()

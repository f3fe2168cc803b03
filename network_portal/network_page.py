"""A network's page: its members, their projects and its events. It spans members, projects
and events, so it lives here (members never imports the apps above it, STYLE §0)."""

from django.views.generic import DetailView

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
        memberships = (
            network.memberships.active()
            .select_related("municipality")
            .order_by("municipality__name")
        )
        projects = (
            Project.objects.visible_to(self.request.viewer)
            .filter(
                lead_municipality__memberships__network=network,
                lead_municipality__memberships__status=Membership.Status.ACTIVE,
            )
            .with_card_data()
        )
        events = network.events.visible_to(self.request.viewer).with_card_data()
        return super().get_context_data(
            memberships=memberships,
            featured_projects=featured_projects_for(self.request.viewer, network),
            projects=projects[:SECTION_SIZE],
            project_count=projects.count(),
            upcoming_events=events.upcoming().order_by("starts_on", "title"),
            past_events=events.past(),
            undated_events=events.undated(),
            **kwargs,
        )


network_detail = NetworkDetailView.as_view()

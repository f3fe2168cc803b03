"""A municipality's page: it spans members, projects, events and peers, so it lives here
rather than in members (which never imports the apps above it, STYLE §0)."""

from django.template.loader import render_to_string
from django.views.generic import DetailView

from core.cached import cached
from core.facets import SECTION_SIZE
from core.kept import kept_part
from members.models import Municipality
from members.pictures import Picture
from network_portal.peers import peer_preview
from projects.models import Adoption, Project


class MunicipalityDetailView(DetailView):
    template_name = "members/municipality_detail.html"
    context_object_name = "municipality"
    queryset = Municipality.objects.all()

    def get_context_data(self, **kwargs):
        municipality = self.object
        # Everything below the introduction is the same for everyone who sees the same
        # rows (core.kept); the sign-in and officer links above it are each person's.
        body_html, _status = kept_part(self.request, "municipality-body", self.build_body)
        return super().get_context_data(
            pictures=Picture.objects.of(municipality), body_html=body_html, **kwargs
        )

    def build_body(self) -> tuple[str, int]:
        municipality = self.object
        viewer = self.request.viewer
        projects = Project.objects.visible_to(viewer)
        led = projects.filter(lead_municipality=municipality)
        hosted = municipality.hosted_events.visible_to(viewer)
        # Every section shows its first SECTION_SIZE rows and links to the filtered list
        # with all of them (the largest place leads hundreds of projects at scale); the
        # counts are cached per group of viewers and content generation (core.cached).
        counts = cached(
            "municipality-page-counts",
            viewer,
            (municipality.pk,),
            lambda: {"led": led.count(), "hosted": hosted.count()},
            facts=True,
        )
        context = {
            "municipality": municipality,
            "memberships": municipality.memberships.active()
            .select_related("network")
            .order_by("network__name"),
            "led_projects": led.with_card_data().order_by("-created_at", "-pk")[:SECTION_SIZE],
            "led_count": counts["led"],
            "partnered_projects": projects.filter(partner_municipalities=municipality)
            .with_card_data()
            .order_by("title")[:SECTION_SIZE],
            "adoptions": municipality.adoptions.filter(project__in=projects).select_related(
                "project", "project__lead_municipality"
            ),
            "adopted_from_here": (
                Adoption.objects.filter(
                    project__lead_municipality=municipality, project__in=projects
                ).select_related("project", "municipality")
            ),
            "hosted_events": hosted.with_card_data().order_by("-starts_on", "-pk")[:SECTION_SIZE],
            "hosted_count": counts["hosted"],
            "people": municipality.people.only("name", "slug", "role_title", "municipality_id"),
            "peer_preview": peer_preview(municipality, viewer=viewer),
        }
        html = render_to_string("members/_municipality_detail_body.html", context, self.request)
        return html, 200


municipality_detail = MunicipalityDetailView.as_view()

"""A topic's page: who works on it, its projects, recaps and upcoming events. It spans
projects and events, so it lives here (projects never imports events, STYLE §0)."""

from django.db.models import Q
from django.views.generic import DetailView

from core.cached import cached
from core.facets import SECTION_SIZE
from events.models import Event, Recap
from members.models import Municipality
from projects.models import Project, Topic


def municipalities_working_on(projects):
    """Municipalities that lead or partner one of `projects`."""
    return Q(pk__in=projects.values("lead_municipality")) | Q(
        pk__in=projects.values("partner_municipalities")
    )


class TopicDetailView(DetailView):
    template_name = "projects/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.all()

    def get_context_data(self, **kwargs):
        topic = self.object
        projects = Project.objects.visible_to(self.request.viewer).filter(topics=topic)
        municipalities = Municipality.objects.filter(municipalities_working_on(projects))
        recaps = Recap.objects.published().filter(topics=topic)
        # Simplest honest rule: upcoming events that recaps on the topic belong to, or of a
        # network whose active members work on the topic.
        events = Event.objects.visible_to(self.request.viewer)
        upcoming_events = events.upcoming().filter(
            Q(pk__in=recaps.values("event"))
            | Q(
                network__memberships__status="active",
                network__memberships__municipality__in=municipalities,
            )
        )
        # The counts read every project on the topic (10,000 at the benchmark's scale): once
        # per group of viewers and content generation (core.cached).
        counts = cached(
            "topic-page-counts",
            self.request.viewer,
            (topic.pk,),
            lambda: {"projects": projects.count(), "municipalities": municipalities.count()},
        )
        return super().get_context_data(
            projects=projects.with_card_data()[:SECTION_SIZE],
            project_count=counts["projects"],
            municipalities=municipalities.order_by("name")[:SECTION_SIZE],
            municipality_count=counts["municipalities"],
            upcoming_events=events.filter(pk__in=upcoming_events.values("pk"))
            .with_card_data()
            .order_by("starts_on", "title")[:SECTION_SIZE],
            recaps=recaps.select_related("event")[:SECTION_SIZE],
            **kwargs,
        )


topic_detail = TopicDetailView.as_view()

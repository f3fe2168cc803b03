"""A topic's page: who works on it, its projects, recaps and upcoming events. It spans
projects and events, so it lives here (projects never imports events, STYLE §0)."""

from django.db.models import Q
from django.utils import timezone
from django.views.generic import DetailView

from core.cached import cached
from core.facets import SECTION_SIZE
from events.models import Event, Recap
from members.models import Membership, Municipality
from projects.models import (
    Project,
    Topic,
    municipalities_working_on,
    project_counts_by_topic,
)


def networks_working_on(topic, viewer):
    """The ids of the networks with an active member working on `topic` (a subquery)."""
    working = municipalities_working_on(topic, viewer)
    return Membership.objects.active().filter(municipality__in=working).values("network")


class TopicDetailView(DetailView):
    template_name = "projects/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.all()

    def get_context_data(self, **kwargs):
        topic = self.object
        viewer = self.request.viewer
        projects = Project.objects.visible_to(viewer).filter(topics=topic)
        working_on_topic = municipalities_working_on(topic, viewer)
        municipalities = Municipality.objects.filter(pk__in=working_on_topic)
        recaps = Recap.objects.published().filter(topics=topic)
        # Simplest honest rule: upcoming events that recaps on the topic belong to, or of a
        # network whose active members work on the topic.
        events = Event.objects.visible_to(viewer)
        upcoming_events = events.upcoming().filter(
            Q(pk__in=recaps.values("event")) | Q(network__in=networks_working_on(topic, viewer))
        )
        # The counts and the first rows of each section read every profile row on the topic
        # (about 100,000 at --scale 10): once per group of viewers, content generation and
        # day (upcoming events) in core.cached — ids and counts only; the rows are read
        # again below through visible_to(viewer). The project count is the topic list's
        # (one entry for every topic).
        project_counts = project_counts_by_topic(viewer)
        sections = cached(
            "topic-page-sections",
            viewer,
            (topic.pk, timezone.localdate()),
            lambda: {
                "municipalities": municipalities.count(),
                "municipality_ids": list(
                    municipalities.order_by("name", "pk").values_list("pk", flat=True)[
                        :SECTION_SIZE
                    ]
                ),
                "event_ids": list(
                    upcoming_events.order_by("starts_on", "title", "pk").values_list(
                        "pk", flat=True
                    )[:SECTION_SIZE]
                ),
            },
            facts=True,
        )
        return super().get_context_data(
            projects=projects.with_card_data()[:SECTION_SIZE],
            project_count=project_counts.get(topic.pk, 0),
            municipalities=Municipality.objects.filter(
                pk__in=sections["municipality_ids"]
            ).order_by("name", "pk"),
            municipality_count=sections["municipalities"],
            upcoming_events=events.filter(pk__in=sections["event_ids"])
            .with_card_data()
            .order_by("starts_on", "title", "pk"),
            recaps=recaps.select_related("event")[:SECTION_SIZE],
            **kwargs,
        )


topic_detail = TopicDetailView.as_view()

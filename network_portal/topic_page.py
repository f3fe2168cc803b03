"""A topic's page: who works on it, its projects, recaps and upcoming events. It spans
projects and events, so it lives here (projects never imports events, STYLE §0)."""

from django.db.models import Q
from django.utils import timezone
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
        # The counts and the first rows of each section read every project on the topic
        # (10,000 at the benchmark's scale): once per group of viewers, content generation
        # and day (upcoming events) in core.cached — ids and counts only; the rows are read
        # again below through visible_to(viewer).
        sections = cached(
            "topic-page-sections",
            self.request.viewer,
            (topic.pk, timezone.localdate()),
            lambda: {
                "projects": projects.count(),
                "municipalities": municipalities.count(),
                "municipality_ids": list(
                    municipalities.order_by("name", "pk").values_list("pk", flat=True)[
                        :SECTION_SIZE
                    ]
                ),
                "event_ids": list(
                    events.filter(pk__in=upcoming_events.values("pk"))
                    .order_by("starts_on", "title", "pk")
                    .values_list("pk", flat=True)[:SECTION_SIZE]
                ),
            },
        )
        return super().get_context_data(
            projects=projects.with_card_data()[:SECTION_SIZE],
            project_count=sections["projects"],
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

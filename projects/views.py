from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from members.filters import municipalities_working_on
from members.models import Municipality, Network
from members.views import PAGE_SIZE, SECTION_SIZE, FacetedListView
from projects.filters import ProjectFilter
from projects.models import Project, Topic, Visibility
from projects.similarity import similar_projects


def event_and_recap_models():
    """Event and Recap, reached through reverse relations: projects never imports events
    (STYLE §0)."""
    return Network.events.field.model, Project.recaps.field.model


class ProjectListView(FacetedListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    filterset_class = ProjectFilter

    def get_base_queryset(self):
        return Project.objects.visible_to(self.request.user)

    def order(self, queryset):
        return queryset.with_card_data()


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        # Members-only projects answer 404 to visitors, as if they did not exist.
        return Project.objects.visible_to(self.request.user).select_related("lead_municipality")

    def get_context_data(self, **kwargs):
        project = self.object
        lessons_shown = (
            project.lessons_visibility == Visibility.PUBLIC or self.request.user.is_authenticated
        )
        return super().get_context_data(
            topics=project.topics.all(),
            partner_municipalities=project.partner_municipalities.all(),
            partner_organizations=project.partner_organizations.all(),
            lessons_shown=lessons_shown,
            adoptions=project.adoptions.select_related("municipality"),
            recaps=project.recaps.published().select_related("event"),
            similar_projects=similar_projects(project, user=self.request.user),
            **kwargs,
        )


class TopicListView(ListView):
    template_name = "projects/topic_list.html"
    context_object_name = "topics"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        visible = Project.objects.visible_to(self.request.user)
        return Topic.objects.annotate(
            project_count=Count("projects", filter=Q(projects__in=visible), distinct=True)
        ).order_by("name_de")


class TopicDetailView(DetailView):
    template_name = "projects/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.all()

    def get_context_data(self, **kwargs):
        topic = self.object
        event_model, recap_model = event_and_recap_models()
        projects = Project.objects.visible_to(self.request.user).filter(topics=topic)
        municipalities = Municipality.objects.filter(municipalities_working_on(projects))
        recaps = recap_model.objects.published().filter(topics=topic)
        # Simplest honest rule: upcoming events that recaps on the topic belong to, or of a
        # network whose active members work on the topic.
        upcoming_events = event_model.objects.upcoming().filter(
            Q(pk__in=recaps.values("event"))
            | Q(
                network__memberships__status="active",
                network__memberships__municipality__in=municipalities,
            )
        )
        return super().get_context_data(
            projects=projects.with_card_data()[:SECTION_SIZE],
            project_count=projects.count(),
            municipalities=municipalities.order_by("name")[:SECTION_SIZE],
            municipality_count=municipalities.count(),
            upcoming_events=event_model.objects.filter(pk__in=upcoming_events.values("pk"))
            .with_card_data()
            .order_by("starts_on", "title")[:SECTION_SIZE],
            recaps=recaps.select_related("event")[:SECTION_SIZE],
            **kwargs,
        )


project_list = ProjectListView.as_view()
project_detail = ProjectDetailView.as_view()
topic_list = TopicListView.as_view()
topic_detail = TopicDetailView.as_view()

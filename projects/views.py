from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from core.access import Visibility
from core.facets import PAGE_SIZE, FacetedListView
from core.kept import kept_part
from core.keyset import SortKey, SortOrder
from members.pictures import Picture
from projects.filters import ProjectFilter
from projects.models import Project, Topic, project_counts_by_topic
from projects.similarity import similar_projects


class ProjectListView(FacetedListView):
    template_name = "projects/project_list.html"
    results_template_name = "projects/_project_list_results.html"
    context_object_name = "projects"
    filterset_class = ProjectFilter
    # Keys as in the indexes of network_portal/migrations/0004_keyset_indexes.py.
    sort_orders = (
        SortOrder(
            "newest",
            _("Newest first"),
            (SortKey("created_at", descending=True), SortKey("pk", descending=True)),
        ),
        SortOrder("name", _("Name (A–Z)"), (SortKey("title"), SortKey("pk"))),
    )

    def get_base_queryset(self):
        return Project.objects.visible_to(self.request.viewer)

    def order(self, queryset):
        return queryset.with_card_data()


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        # Members-only projects answer 404 to visitors, as if they did not exist.
        viewer = self.request.viewer
        return (
            Project.objects.visible_to(viewer)
            .with_member_access(viewer)
            .select_related("lead_municipality")
        )

    def get_context_data(self, **kwargs):
        project = self.object
        viewer = self.request.viewer

        def build():
            lessons_shown = project.lessons_visibility == Visibility.PUBLIC or project.member_access
            context = {
                "project": project,
                "topics": project.topics.all(),
                "partner_municipalities": project.partner_municipalities.all(),
                "partner_organizations": project.partner_organizations.all(),
                "lessons_shown": lessons_shown,
                "adoptions": project.adoptions.select_related("municipality"),
                "recaps": project.recaps.published().select_related("event"),
                "similar_projects": similar_projects(project, viewer=viewer),
                "pictures": Picture.objects.of(project),
            }
            html = render_to_string("projects/_project_detail_body.html", context, self.request)
            return html, 200

        # Everything below the title is the same for everyone who sees the same rows (their
        # rights follow from their officer links, which the group holds): kept (core.kept).
        body_html, _status = kept_part(self.request, "project-body", build)
        return super().get_context_data(body_html=body_html, **kwargs)


class TopicListView(ListView):
    template_name = "projects/topic_list.html"
    context_object_name = "topics"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Topic.objects.order_by("name_de")

    def get_context_data(self, **kwargs):
        # Counting every topic's projects reads all links: kept (project_counts_by_topic).
        context = super().get_context_data(**kwargs)
        counts = project_counts_by_topic(self.request.viewer)
        for topic in context["topics"]:
            topic.project_count = counts.get(topic.pk, 0)
        return context


project_list = ProjectListView.as_view()
project_detail = ProjectDetailView.as_view()
topic_list = TopicListView.as_view()

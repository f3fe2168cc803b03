from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from members.filters import MunicipalityFilter
from members.models import Membership, Municipality, Network

PAGE_SIZE = 20
# Rows a detail page's section lists before it links to the filtered list with all of them.
SECTION_SIZE = 20


class FacetedListView(ListView):
    """A list people narrow with facets. The URL holds the state; invalid filter values
    answer 400 with the message on the page (never silently ignored)."""

    paginate_by = PAGE_SIZE
    filterset_class = None

    def get_base_queryset(self):
        """Everything the filter's model holds; lists with hidden rows narrow it."""
        return self.filterset_class._meta.model._default_manager.all()

    def order(self, queryset):
        return queryset

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET, queryset=self.get_base_queryset(), request=request
        )
        if not self.filterset.is_valid():
            # No results and no pagination until the values are corrected.
            self.object_list = self.filterset.queryset.none()
            self.paginate_by = None
            errors = [
                (self.filterset.filters[name].label, messages)
                for name, messages in self.filterset.errors.items()
            ]
            context = self.get_context_data(filter_error_list=errors, **self.filter_context())
            return self.render_to_response(context, status=400)
        self.object_list = self.order(self.filterset.qs)
        return self.render_to_response(self.get_context_data(**self.filter_context()))

    def filter_context(self):
        facets = self.filterset.facet_list()
        return {
            "filterset": self.filterset,
            "facets": facets,
            "search_term": self.filterset.data.get("q", ""),
            "active_filters": self.filterset.active_filters(facets),
            "filtered": self.filterset.has_active_filters,
        }


class NetworkListView(ListView):
    template_name = "members/network_list.html"
    context_object_name = "networks"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Network.objects.with_member_count().select_related("operator").order_by("name")


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
        # members never imports projects (STYLE §0): reach them through the reverse relation.
        projects = (
            Municipality.led_projects.field.model.objects.visible_to(self.request.user)
            .filter(
                lead_municipality__memberships__network=network,
                lead_municipality__memberships__status=Membership.Status.ACTIVE,
            )
            .with_card_data()
        )
        events = network.events.with_card_data()
        return super().get_context_data(
            memberships=memberships,
            projects=projects[:SECTION_SIZE],
            project_count=projects.count(),
            upcoming_events=events.upcoming().order_by("starts_on", "title"),
            past_events=events.past(),
            undated_events=events.undated(),
            **kwargs,
        )


class MunicipalityListView(FacetedListView):
    template_name = "members/municipality_list.html"
    context_object_name = "municipalities"
    filterset_class = MunicipalityFilter

    def get_base_queryset(self):
        return Municipality.objects.with_card_data()

    def order(self, queryset):
        active = Membership.objects.active().select_related("network").order_by("network__name")
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=active, to_attr="active_memberships")
        )


network_list = NetworkListView.as_view()
network_detail = NetworkDetailView.as_view()
municipality_list = MunicipalityListView.as_view()

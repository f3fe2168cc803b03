from django.views.generic import ListView

from core.facets import PAGE_SIZE
from members.models import Network


class NetworkListView(ListView):
    template_name = "members/network_list.html"
    context_object_name = "networks"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Network.objects.with_member_count().select_related("operator").order_by("name")


network_list = NetworkListView.as_view()

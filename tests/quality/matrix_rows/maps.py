"""The maps (network_portal/map_pages.py): public pages everyone reads, nobody posts to;
an unknown topic or network is 404, an invalid filter value 400."""

from django.urls import reverse

from tests.quality.matrix import everyone, page, slug_url

ROWS = [
    page("municipality_map"),
    page(
        "municipality_map",
        lambda world: reverse("municipality_map") + "?settlement_type=keine",
        get=everyone(400),
        variant="invalid filter",
    ),
    page("topic_map", slug_url("topic_map", "topic")),
    page("network_map", slug_url("network_map", "n")),
    page(
        "network_map",
        lambda world: reverse("network_map", kwargs={"slug": "kein-netzwerk"}),
        get=everyone(404),
        variant="unknown",
    ),
]

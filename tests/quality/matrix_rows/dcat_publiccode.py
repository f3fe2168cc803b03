"""The DCAT-AP.de catalogue: everyone reads it (the visitor's catalogue, whoever asks), nobody
posts. One row per view: the three files share theirs. /katalog/ answers 303 to a file."""

from django.urls import reverse

from tests.quality.matrix import everyone, page

ROWS = [
    page("exports:catalogue_ttl", lambda world: reverse("exports:catalogue_ttl")),
    page(
        "exports:catalogue",
        lambda world: reverse("exports:catalogue"),
        get=everyone(303),
    ),
]

"""Matrix rows: editing a municipality's public profile, its history and pictures (members),
and the uploaded pictures' files."""

from django.urls import reverse

from tests.quality.matrix import everyone, page

ROWS = [
    # No file of that name: 404 for everyone; the files are read-only.
    page(
        "media",
        lambda world: reverse("media", kwargs={"path": "pictures/00/fehlt.jpg"}),
        get=everyone(404),
    ),
]

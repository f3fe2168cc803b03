"""The DCAT-AP.de catalogue: everyone reads it (the visitor's catalogue, whoever asks), nobody
posts; one row per view (the three files share theirs); /katalog/ answers 303 to a file.

publiccode.yml: the import page is the project editors' (as the edit page: 403 for those who
only see the project, 404 for those who cannot, the sign-in page for visitors; an empty POST
is 400); the download follows the access rule (the members-only project of X, made open
source here: whoever reaches N gets it, everyone else 404)."""

from django.urls import reverse

from projects.models import Project
from tests.personas import VISITOR
from tests.quality.matrix import LOGIN, REACHING_N, everyone, only, page, slug_url
from tests.quality.matrix_rows.projects_editing import EDITING_X, members_project


def open_source_download(world):
    project = world.members_project
    Project.objects.filter(pk=project.pk).update(
        is_open_source=True,
        repository_url="https://gitlab.opencode.de/persona/waermespeicher",
        licence="EUPL-1.2",
    )
    return reverse("projects:publiccode_download", kwargs={"slug": project.slug})


ROWS = [
    page("exports:catalogue_ttl", lambda world: reverse("exports:catalogue_ttl")),
    page("exports:catalogue", lambda world: reverse("exports:catalogue"), get=everyone(303)),
    page(
        "projects:publiccode_import",
        slug_url("projects:publiccode_import", "members_project"),
        get=members_project(200),
        post=members_project(400),
        variant="members-only",
    ),
    page(
        "projects:publiccode_import_new",
        slug_url("projects:publiccode_import_new", "x"),
        get={**only(EDITING_X, 200, otherwise=403), VISITOR: LOGIN},
        post={**only(EDITING_X, 400, otherwise=403), VISITOR: LOGIN},
    ),
    page(
        "projects:publiccode_download",
        open_source_download,
        get=only(REACHING_N, 200, otherwise=404),
        variant="members-only",
    ),
]

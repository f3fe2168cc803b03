"""Pictures of a project: its editors add and remove them on the edit page; the project's
page shows them with their renditions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.pictures import Picture
from tests.factories.members import OfficerFactory
from tests.factories.projects import ProjectFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def jpeg(size=(1200, 800)):
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "JPEG")
    return SimpleUploadedFile("rathaus.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def project(db):
    return ProjectFactory(title="Digitaler Zwilling")


def editor_client(client, project):
    officer = OfficerFactory(municipality=project.lead_municipality)
    client.force_login(officer.user)
    return client


def test_an_editor_adds_a_picture_and_the_project_page_shows_it(client, project):
    editor_client(client, project)
    url = reverse("projects:project_picture_add", kwargs={"slug": project.slug})
    response = client.post(url, {"image": jpeg(), "alt_text": "Das Rathaus im Modell"})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project_edit", kwargs={"slug": project.slug})
    [picture] = Picture.objects.of(project)
    html = client.get(project.get_absolute_url()).content.decode()
    assert 'alt="Das Rathaus im Modell"' in html and "srcset=" in html
    assert f'width="{picture.width}"' in html


def test_a_picture_without_alt_text_is_refused_and_what_was_typed_stays(client, project):
    editor_client(client, project)
    url = reverse("projects:project_picture_add", kwargs={"slug": project.slug})
    response = client.post(url, {"image": jpeg(), "alt_text": "", "caption": "Am Markt"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert "Am Markt" in response.content.decode()
    assert not Picture.objects.of(project).exists()


def test_only_editors_add_or_remove_pictures(client, project):
    url = reverse("projects:project_picture_add", kwargs={"slug": project.slug})
    assert client.post(url, {"image": jpeg(), "alt_text": "x"}).status_code == 302  # sign in
    client.force_login(OfficerFactory().user)  # officer of another municipality
    assert client.post(url, {"image": jpeg(), "alt_text": "x"}).status_code == 403
    assert not Picture.objects.of(project).exists()


def test_removing_a_picture_of_another_project_changes_nothing(client, project):
    other = ProjectFactory()
    editor_client(client, other)
    client.post(
        reverse("projects:project_picture_add", kwargs={"slug": other.slug}),
        {"image": jpeg(), "alt_text": "Fremdes Bild"},
    )
    [foreign] = Picture.objects.of(other)
    editor_client(client, project)
    url = reverse(
        "projects:project_picture_remove", kwargs={"slug": project.slug, "picture": foreign.uuid}
    )
    assert client.post(url).status_code == 404
    assert Picture.objects.filter(pk=foreign.pk).exists()

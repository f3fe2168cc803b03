"""An officer's journey in Chromium: they add a project with lessons learned from their
municipality's page, pick a partner with the search as they type, add a picture, edit the
project, and restore the earlier version from its history."""

import pytest
from PIL import Image

from members.pictures import Picture
from projects.models import Project
from tests.factories.accounts import UserFactory
from tests.factories.members import MunicipalityFactory, OfficerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


@pytest.fixture
def picture_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    path = tmp_path / "parkplatz.jpg"
    Image.new("RGB", (1200, 800), "teal").save(path, "JPEG")
    return path


def test_an_officer_adds_edits_and_restores_a_project(open_context, picture_file):
    lead = MunicipalityFactory(name="Kempten", slug="kempten-journey")
    MunicipalityFactory(name="Bamberg", slug="bamberg-journey")
    officer = UserFactory()
    OfficerFactory(user=officer, municipality=lead)
    context, watcher = open_context(user=officer)
    page = watcher.watch(context.new_page())

    page.goto(lead.get_absolute_url())
    submit(page, "a[href='/projekte/neu/kempten-journey/']")
    page.fill("#id_title", "Smarte Parkplätze")
    page.fill("#id_summary", "Sensoren zeigen freie Parkplätze in der Altstadt.")
    page.fill("#id_lessons_worked", "Früh mit dem Einzelhandel sprechen.")
    # The search suggests as one types; choosing a suggestion ticks the partner.
    page.fill("#id_partner_query", "Bamb")
    page.locator("#partner-suggestions button").first.click()
    assert page.locator("#id_partner_municipalities input:checked").count() == 1
    submit(page, "button[value=save]")
    assert "Smarte Parkplätze" in page.locator("h1").inner_text()
    project = Project.objects.get(title="Smarte Parkplätze")
    assert [m.name for m in project.partner_municipalities.all()] == ["Bamberg"]
    assert project.lessons_worked == "Früh mit dem Einzelhandel sprechen."

    # Edit: a picture with its alt text, then a new title.
    submit(page, f"a[href='/projekte/{project.slug}/bearbeiten/']")
    page.set_input_files("#id_image", str(picture_file))
    page.fill("#id_alt_text", "Sensor an einem Parkplatz in der Altstadt")
    submit(page, "form[action$='/bilder/'] button[type=submit]")
    [picture] = Picture.objects.of(project)
    assert picture.alt_text == "Sensor an einem Parkplatz in der Altstadt"
    page.fill("#id_title", "Parken digital")
    submit(page, "button[value=save]")
    assert "Parken digital" in page.locator("h1").inner_text()
    assert page.locator("img[alt='Sensor an einem Parkplatz in der Altstadt']").count() == 1

    # Restore the first version from the history.
    submit(page, f"a[href='/projekte/{project.slug}/verlauf/']")
    submit(page, "form[action*='wiederherstellen'] button")
    project.refresh_from_db()
    assert project.title == "Smarte Parkplätze"
    assert project.history.count() == 3
    assert not watcher.console_errors

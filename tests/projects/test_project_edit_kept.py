"""The project form as it stands is kept rendered for everyone who may edit the project
(projects.views_edit, core.kept): a second request renders no input, each person gets their
own CSRF token, a save shows in the next form at once, and a form that failed validation
gives back what was typed, never the kept one."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.members import OfficerFactory
from tests.performance.test_page_cache import TOKEN
from tests.projects.test_project_edit import edit_url, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_kept")]


def colleague_of_x(persona_world) -> Client:
    """A second officer of X, who checks CSRF tokens as a browser's requests would."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(OfficerFactory(municipality=persona_world.x).user)
    return client


def topic_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "projects_topic"' in q["sql"]]


def test_a_second_request_renders_no_input_and_shows_the_same_form(officer_x, persona_world):
    project = persona_world.members_project
    first = officer_x.client.get(edit_url(project))
    with CaptureQueriesContext(connection) as again:
        second = officer_x.client.get(edit_url(project))
    assert first.status_code == second.status_code == 200
    assert not topic_reads(again)  # the topic choices come with the kept form
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", second.content.decode())
    assert f'value="{project.title}"' in second.content.decode()


def test_each_editor_gets_their_own_token_and_can_save(officer_x, persona_world):
    project = persona_world.members_project
    kept_by = officer_x.client.get(edit_url(project)).content.decode()
    colleague = colleague_of_x(persona_world)
    page = colleague.get(edit_url(project)).content.decode()
    form_token = TOKEN.search(page, page.index('id="project-form"')).group(1)
    assert form_token not in kept_by
    data = form_data(project, title="Von der Kollegin", csrfmiddlewaretoken=form_token)
    assert colleague.post(edit_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.title == "Von der Kollegin"


def test_a_save_shows_in_the_next_form_at_once(officer_x, persona_world):
    project = persona_world.members_project
    officer_x.client.get(edit_url(project))
    saved = officer_x.client.post(edit_url(project), form_data(project, title="Neuer Titel"))
    assert saved.status_code == 302
    page = officer_x.client.get(edit_url(project)).content.decode()
    assert 'value="Neuer Titel"' in page
    assert 'name="version" value="2"' in page


def test_a_failed_form_gives_back_what_was_typed_and_is_never_kept(officer_x, persona_world):
    project = persona_world.members_project
    kept = officer_x.client.get(edit_url(project)).content.decode()
    failed = officer_x.client.post(edit_url(project), form_data(project, title="", summary="Mein"))
    assert failed.status_code == 400
    assert "Mein" in failed.content.decode()
    again = officer_x.client.get(edit_url(project)).content.decode()
    assert TOKEN.sub("", again) == TOKEN.sub("", kept)


def test_the_new_project_form_is_kept_per_municipality(officer_x, persona_world):
    url = reverse("projects:project_create", kwargs={"slug": persona_world.x.slug})
    assert officer_x.client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert officer_x.client.get(url).status_code == 200
    assert not topic_reads(again)

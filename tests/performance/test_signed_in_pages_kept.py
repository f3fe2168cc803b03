"""A signed-in person's content page is kept for everyone with the same rights
(network_portal.conditional, personal_parts): a colleague's request builds nothing, each
person gets their own address, follow buttons and CSRF token, and nobody ever gets a page
kept for other rights — a visitor's, another municipality's, or their own from before a
decision."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Officer
from network_portal.following.services import follow_set
from tests.factories.members import OfficerFactory
from tests.performance.test_page_cache import TOKEN
from tests.personas import ADMIN_N_WITHOUT_2FA, UNLINKED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_kept")]


def project_url(project) -> str:
    return reverse("projects:project_detail", args=[project.slug])


def colleague_of_x(persona_world):
    user = OfficerFactory(municipality=persona_world.x).user
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return user, client


def project_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "projects_project"' in q["sql"]]


def test_a_colleague_with_the_same_rights_gets_the_kept_page_with_their_own_parts(
    officer_x, persona_world
):
    project = persona_world.members_project
    colleague, client = colleague_of_x(persona_world)  # a write: before the page is kept
    first = officer_x.client.get(project_url(project)).content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(project_url(project))
    page = response.content.decode()
    assert response.status_code == 200
    assert not project_reads(queries)  # kept: the project is not read again
    assert f"Signed in as {colleague.email}" in page or colleague.email in page
    assert officer_x.user.email not in page
    assert officer_x.user.email in first
    assert "\x00" not in page and "\x00" not in first
    assert TOKEN.sub("", page).replace(colleague.email, "") == TOKEN.sub("", first).replace(
        officer_x.user.email, ""
    )


def test_each_person_gets_their_own_token_and_it_works(officer_x, persona_world):
    project = persona_world.members_project
    colleague, client = colleague_of_x(persona_world)
    kept_by = officer_x.client.get(project_url(project)).content.decode()
    page = client.get(project_url(project)).content.decode()
    token = TOKEN.search(page).group(1)
    assert token not in kept_by
    follow = reverse("following:follow", args=["projekt", project.slug])
    response = client.post(follow, {"action": "follow", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert colleague.follows.filter(project=project).exists()


def test_each_person_sees_whether_they_follow_and_a_change_shows_at_once(officer_x, persona_world):
    project = persona_world.members_project
    follow_set(actor=officer_x.user, target=project, follow=True)
    colleague, client = colleague_of_x(persona_world)
    assert 'aria-pressed="true"' in officer_x.client.get(project_url(project)).content.decode()
    assert 'aria-pressed="true"' not in client.get(project_url(project)).content.decode()
    follow_set(actor=colleague, target=project, follow=True)
    follow_set(actor=officer_x.user, target=project, follow=False)
    assert 'aria-pressed="true"' in client.get(project_url(project)).content.decode()
    assert 'aria-pressed="true"' not in officer_x.client.get(project_url(project)).content.decode()


@pytest.mark.parametrize("page", ["municipality", "network", "topic"])
def test_the_follow_button_of_every_kind_of_page_is_the_persons_own(page, officer_x, persona_world):
    target = {
        "municipality": persona_world.x,
        "network": persona_world.n,
        "topic": persona_world.topic,
    }[page]
    url = {
        "municipality": reverse("municipality_detail", args=[target.slug]),
        "network": reverse("network_detail", args=[target.slug]),
        "topic": reverse("topic_detail", args=[target.slug]),
    }[page]
    colleague, client = colleague_of_x(persona_world)
    follow_set(actor=colleague, target=target, follow=True)
    assert 'aria-pressed="true"' not in officer_x.client.get(url).content.decode()
    assert 'aria-pressed="true"' in client.get(url).content.decode()
    assert 'aria-pressed="true"' not in officer_x.client.get(url).content.decode()


def test_other_rights_never_get_the_kept_page(
    officer_x, officer_y, unlinked, visitor, persona_world
):
    project = persona_world.members_project
    assert officer_x.client.get(project_url(project)).status_code == 200
    # Outside N the members-only project does not exist, kept for N or not.
    assert officer_y.client.get(project_url(project)).status_code == 404
    assert unlinked.client.get(project_url(project)).status_code == 404
    assert visitor.client.get(project_url(project)).status_code == 404


def test_the_edit_link_is_kept_for_officers_of_the_lead_only(officer_x, persona_world):
    project = persona_world.members_project
    edit = reverse("projects:project_edit", args=[project.slug])
    officer_z = Client()
    officer_z.force_login(persona_world.approved_officer_z.user)
    assert edit in officer_x.client.get(project_url(project)).content.decode()
    # Z sees the project too (in N), but may not edit it: its own group's page.
    page = officer_z.get(project_url(project)).content.decode()
    assert project.title in page
    assert edit not in page


def test_a_decision_takes_effect_at_the_next_request(officer_x, persona_world):
    project = persona_world.members_project
    assert officer_x.client.get(project_url(project)).status_code == 200
    Officer.objects.filter(user=officer_x.user).delete()
    assert officer_x.client.get(project_url(project)).status_code == 404


def test_an_edit_shows_at_once(officer_x, persona_world):
    project = persona_world.members_project
    officer_x.client.get(project_url(project))
    project.summary = "Neu geschrieben für alle"
    project.save()
    assert "Neu geschrieben für alle" in officer_x.client.get(project_url(project)).content.decode()


def test_a_page_with_a_message_shows_it_and_is_not_kept(officer_x, persona_world):
    project = persona_world.members_project
    follow = reverse("following:follow", args=["projekt", project.slug])
    response = officer_x.client.post(follow, {"action": "follow"}, follow=True)
    assert list(get_messages(response.wsgi_request)) or response.status_code == 200
    page = response.content.decode()
    assert 'class="message' in page
    again = officer_x.client.get(project_url(project)).content.decode()
    assert 'class="message' not in again
    assert 'aria-pressed="true"' in again


def test_a_not_found_page_shows_the_persons_address(officer_x):
    response = officer_x.client.get(reverse("projects:project_detail", args=["gibt-es-nicht"]))
    page = response.content.decode()
    assert response.status_code == 404
    assert officer_x.user.email in page
    assert "\x00" not in page


def test_signed_in_pages_carry_no_etag(officer_x, persona_world):
    response = officer_x.client.get(project_url(persona_world.members_project))
    assert not response.has_header("ETag")


def test_rights_that_see_the_same_rows_still_get_their_own_page(as_persona, persona_world):
    """An admin of N without two factors sees the rows an account without rights sees, but
    their page links to the administration (to add the second factor)."""
    unlinked = as_persona(UNLINKED)
    waiting_admin = as_persona(ADMIN_N_WITHOUT_2FA)
    url = project_url(persona_world.public_project)
    workspace = reverse("members:workspace")
    assert workspace not in unlinked.client.get(url).content.decode()
    assert workspace in waiting_admin.client.get(url).content.decode()
    assert workspace not in unlinked.client.get(url).content.decode()

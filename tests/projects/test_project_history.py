"""A project's history (projects/history.py): a readable diff per version, and restoring
an earlier version as a new, recorded change, for editors only."""

import pytest
from django.urls import reverse

from members.models import AuditEntry
from projects.models import Project
from tests.projects.test_project_edit import edit_url, form_data

pytestmark = pytest.mark.django_db


def history_url(project):
    return reverse("projects:project_history", kwargs={"slug": project.slug})


def restore_url(project, record):
    return reverse(
        "projects:project_restore", kwargs={"slug": project.slug, "record": record.history_id}
    )


def test_the_history_shows_who_changed_what_in_words(officer_x, persona_world):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project),
        form_data(
            project,
            title="Wärmespeicher Nord",
            stage="stopped",
            stopped_reason="Kein Standort.",
            topics=[],
        ),
    )
    assert response.status_code == 302
    page = officer_x.client.get(history_url(project))
    assert page.status_code == 200
    html = page.content.decode()
    newest = page.context["versions"][0]
    changes = {change.label: (change.old, change.new) for change in newest.changes}
    assert ("Vertraulicher Wärmespeicher", "Wärmespeicher Nord") in changes.values()
    assert any(new == "Kein Standort." for _old, new in changes.values())
    assert any(old == "Wärmenetze" for old, _new in changes.values())  # topic removed
    assert "Vertraulicher Wärmespeicher" in html and "Wärmespeicher Nord" in html
    assert page.context["versions"][0].is_current


def test_restoring_an_earlier_version_is_itself_a_recorded_change(officer_x, persona_world):
    project = persona_world.members_project
    officer_x.client.post(
        edit_url(project), form_data(project, title="Falsch", visibility="public", topics=[])
    )
    project.refresh_from_db()
    before = project.history.order_by("-history_date")[1]  # the version before the edit
    versions = project.history.count()
    response = officer_x.client.post(restore_url(project, before))
    assert response.status_code == 302
    assert response["Location"] == history_url(project)
    project.refresh_from_db()
    assert project.title == "Vertraulicher Wärmespeicher"
    assert project.visibility == "members"
    assert list(project.topics.all()) == [persona_world.topic]
    assert list(project.partner_municipalities.all()) == [persona_world.w]
    assert project.version == 3
    assert project.history.count() == versions + 1
    assert (
        project.history.order_by("-history_date")
        .first()
        .history_change_reason.startswith("restored:")
    )
    # Both visibility changes (to public, back to members) are in the audit log.
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VISIBILITY_CHANGED).count() == 2
    page = officer_x.client.get(history_url(project))
    assert "restored" in page.context["versions"][0].what or "wieder" in (
        page.context["versions"][0].what
    )


def test_only_editors_see_the_history_and_restore(persona_world, as_persona):
    hidden, public = persona_world.members_project, persona_world.public_project
    record = hidden.history.first()
    public_record = public.history.first()
    visitor = as_persona("visitor")
    assert visitor.client.get(history_url(public)).status_code == 302
    officer_y = as_persona("officer_y")
    assert officer_y.client.get(history_url(public)).status_code == 403
    assert officer_y.client.post(restore_url(public, public_record)).status_code == 403
    assert officer_y.client.get(history_url(hidden)).status_code == 404
    assert officer_y.client.post(restore_url(hidden, record)).status_code == 404
    admin_n = as_persona("admin_n")  # sees the hidden project, does not edit it
    assert admin_n.client.get(history_url(hidden)).status_code == 403
    assert as_persona("staff").client.get(history_url(hidden)).status_code == 200
    officer_x = as_persona("officer_x")
    assert officer_x.client.get(restore_url(hidden, record)).status_code == 405
    # Another project's version cannot be restored here.
    assert officer_x.client.post(restore_url(hidden, public_record)).status_code == 404
    assert Project.objects.get(pk=hidden.pk).version == 1

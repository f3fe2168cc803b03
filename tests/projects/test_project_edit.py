"""Creating and editing projects (projects/views_edit.py, projects/services.py): who may,
each validation rule, the partner search without JavaScript, conflicts and query counts."""

import pytest
from django.urls import reverse

from core.access import Visibility
from members.models import AuditEntry, Organization
from projects.models import Project
from projects.services import project_update
from tests.factories.members import MunicipalityFactory, OrganizationFactory
from tests.factories.projects import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


def form_data(project=None, **overrides):
    """A valid form as the page sends it."""
    data = {
        "title": "Digitaler Zwilling",
        "summary": "Ein 3D-Modell der Stadt für die Planung.",
        "description": "Mit **offenen Daten**.",
        "stage": "pilot",
        "stopped_reason": "",
        "started_on": "2023-01-01",
        "ended_on": "",
        "funding_programme": "",
        "repository_url": "",
        "licence": "",
        "open_standards": "",
        "lessons_worked": "",
        "lessons_failed": "",
        "lessons_differently": "",
        "lessons_visibility": "public",
        "visibility": "public",
        "source_url": "",
        "partner_query": "",
        "new_organization_name": "",
        "new_organization_kind": "",
        "action": "save",
    }
    if project is not None:
        data["version"] = project.version
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_url(project):
    return reverse("projects:project_edit", kwargs={"slug": project.slug})


def create_url(municipality):
    return reverse("projects:project_create", kwargs={"slug": municipality.slug})


def test_an_officer_creates_a_project_of_their_municipality(officer_x, persona_world):
    topic = persona_world.topic
    response = officer_x.client.post(
        create_url(persona_world.x),
        form_data(topics=[topic.pk], lessons_worked="Früh anfangen.", lessons_visibility="members"),
    )
    project = Project.objects.get(title="Digitaler Zwilling")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.slug == "digitaler-zwilling"
    assert project.lead_municipality == persona_world.x
    assert list(project.topics.all()) == [topic]
    assert project.lessons_visibility == Visibility.MEMBERS
    assert project.version == 1
    assert project.history.count() == 1
    followed = officer_x.client.get(response["Location"])
    assert (
        "wurde angelegt" in followed.content.decode() or "was created" in followed.content.decode()
    )


def test_slugs_are_unique(officer_x, persona_world):
    ProjectFactory(slug="digitaler-zwilling")
    officer_x.client.post(create_url(persona_world.x), form_data())
    assert Project.objects.filter(slug="digitaler-zwilling-2").exists()


def test_the_project_list_and_the_municipality_page_link_to_the_form(officer_x, persona_world):
    assert (
        reverse("projects:project_new")
        in officer_x.client.get(reverse("projects:project_list")).content.decode()
    )
    page = officer_x.client.get(persona_world.x.get_absolute_url()).content.decode()
    assert create_url(persona_world.x) in page
    new = officer_x.client.get(reverse("projects:project_new"))
    assert new.status_code == 302 and new["Location"] == create_url(persona_world.x)


def test_an_officer_edits_and_the_page_says_so(officer_x, persona_world):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project), form_data(project, title="Wärmespeicher 2.0", visibility="members")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Wärmespeicher 2.0"
    assert project.slug == "persona-vertraulich"  # links stay
    assert project.version == 2
    page = officer_x.client.get(response["Location"]).content.decode()
    assert "Wärmespeicher 2.0" in page
    assert edit_url(project) in page


def test_the_edit_form_shows_every_field_with_the_current_values(officer_x, persona_world):
    project = persona_world.members_project
    html = officer_x.client.get(edit_url(project)).content.decode()
    for name in (
        "title",
        "summary",
        "description",
        "topics",
        "partner_municipalities",
        "partner_organizations",
        "stage",
        "stopped_reason",
        "started_on",
        "ended_on",
        "funding_programme",
        "is_open_source",
        "repository_url",
        "licence",
        "open_standards",
        "lessons_worked",
        "lessons_failed",
        "lessons_differently",
        "lessons_visibility",
        "visibility",
        "version",
    ):
        assert f'name="{name}"' in html or f'id="id_{name}"' in html, name
    assert "Vertraulicher Wärmespeicher" in html
    assert "Wolfach" in html  # the partner, ticked
    assert 'src="/static/js/partner-search.js"' in html or "partner-search" in html


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 601}, "summary"),
        ({"stage": "stopped", "stopped_reason": "  "}, "stopped_reason"),
        ({"started_on": "2024-05-01", "ended_on": "2024-04-30"}, "ended_on"),
        ({"started_on": "gestern"}, "started_on"),
        ({"is_open_source": "on", "licence": ""}, "licence"),
        ({"licence": "GPL-Irgendwas"}, "licence"),
        ({"licence": "MIT AND"}, "licence"),
        ({"repository_url": "kein link"}, "repository_url"),
        ({"visibility": "everyone"}, "visibility"),
        ({"stage": "not_stated"}, "stage"),
        ({"new_organization_name": "Stadtwerke Xanten"}, "new_organization_kind"),
    ],
)
def test_invalid_entries_answer_400_with_the_message_at_the_field(
    officer_x, persona_world, overrides, field
):
    project = persona_world.members_project
    response = officer_x.client.post(edit_url(project), form_data(project, **overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}"' in html or field in ("topics",)
    assert "Digitaler Zwilling" in html or overrides.get("title") == ""  # typed value kept
    project.refresh_from_db()
    assert project.version == 1


def test_a_stopped_project_with_its_reason_is_saved(officer_x, persona_world):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project),
        form_data(project, stage="stopped", stopped_reason="Die Förderung lief aus."),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.stage, project.stopped_reason) == ("stopped", "Die Förderung lief aus.")


@pytest.mark.parametrize(
    "typed, stored",
    [("EUPL-1.2", "EUPL-1.2"), ("mit", "MIT"), ("Apache-2.0 OR MIT", "Apache-2.0 OR MIT")],
)
def test_spdx_licences_are_accepted_and_normalised(officer_x, persona_world, typed, stored):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project),
        form_data(
            project,
            is_open_source="on",
            licence=typed,
            repository_url="https://gitlab.opencode.de/x/speicher",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.licence == stored
    assert project.is_open_source


def test_partner_search_without_javascript_keeps_what_was_typed(officer_x, persona_world):
    project = persona_world.members_project
    found = MunicipalityFactory(name="Xenia-Stadt")
    organization = OrganizationFactory(name="Xenon Forschung")
    response = officer_x.client.post(
        edit_url(project),
        form_data(project, title="Neu getippt", partner_query="xen", action="search"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Neu getippt" in html
    assert f'value="{found.pk}"' in html and "Xenia-Stadt" in html
    assert "Xenon Forschung" in html
    assert not response.context["form"].errors
    project.refresh_from_db()
    assert project.title == "Vertraulicher Wärmespeicher"  # nothing saved
    # Ticking what was found and saving adds them.
    response = officer_x.client.post(
        edit_url(project),
        form_data(
            project,
            partner_municipalities=[persona_world.w.pk, found.pk],
            partner_organizations=[organization.pk],
        ),
    )
    assert response.status_code == 302
    assert set(project.partner_municipalities.all()) == {persona_world.w, found}
    assert list(project.partner_organizations.all()) == [organization]


def test_the_lead_cannot_be_its_own_partner(officer_x, persona_world):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project), form_data(project, partner_municipalities=[persona_world.x.pk])
    )
    assert response.status_code == 400
    assert "partner_municipalities" in response.context["form"].errors


def test_suggestions_as_json_for_editors_only(officer_x, unlinked, visitor, persona_world):
    MunicipalityFactory(name="Xenia-Stadt")
    url = reverse("projects:partner_suggestions") + "?q=xen"
    data = officer_x.client.get(url).json()
    assert [item["name"] for item in data["municipalities"]] == ["Xenia-Stadt"]
    assert data["organizations"] == []
    assert unlinked.client.get(url).status_code == 403
    assert visitor.client.get(url).status_code == 302


def test_a_missing_organisation_is_added_inline(officer_x, persona_world):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project),
        form_data(
            project, new_organization_name="Stadtwerke Xanten", new_organization_kind="company"
        ),
    )
    assert response.status_code == 302
    organization = Organization.objects.get(name="Stadtwerke Xanten")
    assert organization.kind == "company" and organization.slug == "stadtwerke-xanten"
    assert list(project.partner_organizations.all()) == [organization]


def test_the_preview_renders_markdown_and_saves_nothing(officer_x, persona_world):
    project = persona_world.members_project
    response = officer_x.client.post(
        edit_url(project), form_data(project, description="Sehr **wichtig**", action="preview")
    )
    assert response.status_code == 200
    assert "<strong>wichtig</strong>" in response.content.decode()
    project.refresh_from_db()
    assert "wichtig" not in project.description


def test_a_visibility_change_is_audited(officer_x, persona_world):
    project = persona_world.members_project
    officer_x.client.post(
        edit_url(project), form_data(project, visibility="public", lessons_visibility="members")
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VISIBILITY_CHANGED)
    assert entry.actor_id == officer_x.user.pk
    assert entry.object_id == str(project.pk)
    assert entry.network_id == persona_world.n.pk
    assert entry.before == {"visibility": "members", "lessons_visibility": "public"}
    assert entry.after == {"visibility": "public", "lessons_visibility": "members"}


def test_an_edit_without_a_visibility_change_is_not_audited(officer_x, persona_world):
    project = persona_world.members_project
    officer_x.client.post(edit_url(project), form_data(project, visibility="members"))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VISIBILITY_CHANGED).exists()


def test_who_may_edit(visitor, officer_y, persona_world, as_persona):
    public, hidden = persona_world.public_project, persona_world.members_project
    # Visitors sign in first.
    response = visitor.client.get(edit_url(public))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    # An officer of another municipality: 403 for a public project, 404 for a hidden one.
    assert officer_y.client.get(edit_url(public)).status_code == 403
    assert officer_y.client.post(edit_url(public), form_data(public)).status_code == 403
    assert officer_y.client.get(edit_url(hidden)).status_code == 404
    assert officer_y.client.get(create_url(persona_world.x)).status_code == 403
    # officer_z reaches N (sees the hidden project) but does not lead it.
    assert as_persona("officer_z").client.get(edit_url(hidden)).status_code == 403
    # Staff edit everything.
    assert as_persona("staff").client.get(edit_url(hidden)).status_code == 200
    public.refresh_from_db()
    assert public.version == 1


def test_a_stale_save_answers_409_and_keeps_what_was_typed(persona_world, as_persona):
    project = persona_world.members_project
    first, second = as_persona("officer_x"), as_persona("staff")
    assert first.client.get(edit_url(project)).status_code == 200
    assert second.client.get(edit_url(project)).status_code == 200
    # The second person saves first.
    saved = second.client.post(edit_url(project), form_data(project, title="Von der Zentrale"))
    assert saved.status_code == 302
    # The first person's save from the version they loaded is refused.
    response = first.client.post(
        edit_url(project), form_data(project, title="Meine Fassung", summary="Mein Text.")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Meine Fassung" in html and "Mein Text." in html
    assert "Von der Zentrale" in html  # what changed meanwhile
    assert response.context["changes"][0].new == "Von der Zentrale"
    project.refresh_from_db()
    assert project.title == "Von der Zentrale"
    # The form now carries the current version: saving again is a decision.
    assert response.context["form"].data["version"] == str(project.version) or (
        response.context["form"].data["version"] == project.version
    )
    again = first.client.post(
        edit_url(project), form_data(project, title="Meine Fassung", summary="Mein Text.")
    )
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.title == "Meine Fassung"


def test_the_service_refuses_a_stale_version(persona_world, as_persona):
    from projects.services import ProjectConflict

    staff = as_persona("staff")
    project = persona_world.members_project
    with pytest.raises(ProjectConflict):
        project_update(actor=staff.user, project=project, data={"title": "X"}, version=7)


def test_edit_page_queries_do_not_grow_with_partners(
    officer_x, persona_world, django_assert_num_queries
):
    project = persona_world.members_project

    def count(partners):
        project.partner_municipalities.set(MunicipalityFactory.create_batch(partners))
        project.partner_organizations.set(OrganizationFactory.create_batch(partners))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert officer_x.client.get(edit_url(project)).status_code == 200
        with CaptureQueriesContext(connection) as searched:
            response = officer_x.client.post(
                edit_url(project), form_data(project, partner_query="Muster", action="search")
            )
            assert response.status_code == 200
        return len(queries), len(searched)

    TopicFactory.create_batch(3)
    officer_x.client.get(edit_url(project))  # the session's first request reads more
    assert count(10) == count(100)

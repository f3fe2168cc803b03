"""Adoptions, the transfer graph: an officer records that their municipality uses another
municipality's project; it shows on the project's page and on both municipalities' pages;
the lead municipality's officers confirm it; members-only projects leave no trace."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Adoption
from tests.factories.members import OfficerFactory
from tests.personas import OFFICER_Z

pytestmark = pytest.mark.django_db

WORLD_ADOPTION_NOTE = "Vertraulicher Wärmespeicher"  # the members-only project's title


def create_url(project):
    return reverse("projects:adoption_create", args=[project.slug])


def adoption_url(name, adoption):
    return reverse(f"projects:{name}", args=[adoption.project.slug, adoption.municipality.slug])


def record(client, project, **fields):
    data = {"kind": "adapted", "adopted_on": "2024-05-01", "notes": "Mit eigenem Design."}
    return client.post(create_url(project), data | fields)


def test_an_officer_records_an_adoption_and_both_sides_show_it(officer_x, visitor, persona_world):
    world = persona_world
    assert officer_x.client.get(create_url(world.public_project)).status_code == 200
    response = record(officer_x.client, world.public_project)
    assert response.status_code == 302
    assert response["Location"] == world.public_project.get_absolute_url()
    adoption = Adoption.objects.get(project=world.public_project, municipality=world.x)
    assert adoption.recorded_by == officer_x.user
    assert adoption.recorded_at is not None
    assert adoption.kind == Adoption.Kind.ADAPTED
    assert adoption.adopted_on == datetime.date(2024, 5, 1)
    assert adoption.confirmed_at is None

    project_page = visitor.client.get(world.public_project.get_absolute_url())
    assert world.x.name in project_page.content.decode()
    # The adopting municipality's page: what it took from whom.
    x_page = visitor.client.get(world.x.get_absolute_url()).content.decode()
    assert world.public_project.title in x_page
    # The lead's page: who took from it.
    z_page = visitor.client.get(world.z.get_absolute_url()).content.decode()
    assert world.x.name in z_page and world.public_project.title in z_page


def test_who_may_record_an_adoption(
    visitor, unlinked, officer_x, officer_y, admin_n, staff, persona_world
):
    world = persona_world
    public, members_only = world.public_project, world.members_project
    response = visitor.client.get(create_url(public))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    # An account without an officer link, an admin, staff: no municipality to record for.
    assert unlinked.client.get(create_url(public)).status_code == 403
    assert admin_n.client.get(create_url(public)).status_code == 403
    assert staff.client.get(create_url(public)).status_code == 403
    # Not one's own municipality's project.
    assert officer_x.client.get(create_url(members_only)).status_code == 403
    assert record(officer_x.client, members_only).status_code == 403
    # A members-only project outside one's reach does not exist.
    assert officer_y.client.get(create_url(members_only)).status_code == 404
    assert record(officer_y.client, members_only).status_code == 404
    assert not Adoption.objects.filter(recorded_by__isnull=False).exists()


def test_one_adoption_per_municipality_and_project(officer_x, persona_world):
    project = persona_world.public_project
    assert record(officer_x.client, project).status_code == 302
    response = officer_x.client.get(create_url(project))
    adoption = Adoption.objects.get(project=project)
    assert adoption_url("adoption_edit", adoption) in response.content.decode()
    assert record(officer_x.client, project).status_code == 400
    assert Adoption.objects.filter(project=project).count() == 1


def test_bad_input_comes_back_with_errors_and_what_was_typed(officer_x, persona_world):
    project = persona_world.public_project
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = record(officer_x.client, project, kind="stolen", adopted_on=future)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "Mit eigenem Design." in body
    assert not Adoption.objects.filter(project=project).exists()


def test_an_officer_of_several_chooses_and_cannot_forge_another_municipality(persona_world):
    world = persona_world
    from tests.personas import log_in, make_user

    user = make_user("officer_x", world)
    OfficerFactory(user=user, municipality=world.y)
    client = log_in(user)
    # W is not theirs: refused like an unknown choice.
    response = record(client, world.public_project, municipality=world.w.slug)
    assert response.status_code == 400
    assert not Adoption.objects.filter(project=world.public_project).exists()
    response = record(client, world.public_project, municipality=world.y.slug)
    assert response.status_code == 302
    assert Adoption.objects.get(project=world.public_project).municipality == world.y


def test_only_the_lead_municipality_confirms(officer_x, officer_y, as_persona, persona_world):
    world = persona_world
    record(officer_x.client, world.public_project)
    adoption = Adoption.objects.get(project=world.public_project, municipality=world.x)
    confirm = adoption_url("adoption_confirm", adoption)
    assert officer_x.client.post(confirm).status_code == 403  # the recording side
    assert officer_y.client.post(confirm).status_code == 403
    assert officer_x.client.get(confirm).status_code == 405
    officer_z = as_persona(OFFICER_Z)  # officer of Z, which leads the project
    page = officer_z.client.get(world.public_project.get_absolute_url()).content.decode()
    assert confirm in page
    response = officer_z.client.post(confirm)
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.confirmed_by == officer_z.user and adoption.confirmed_at is not None
    page = officer_x.client.get(world.public_project.get_absolute_url()).content.decode()
    assert 'class="badge"' in page
    assert confirm not in page


def test_the_recording_side_edits_and_removes(officer_x, as_persona, persona_world):
    world = persona_world
    record(officer_x.client, world.public_project)
    adoption = Adoption.objects.get(project=world.public_project, municipality=world.x)
    adoption.confirmed_at = timezone.now()
    adoption.save()
    edit, delete = (
        adoption_url("adoption_edit", adoption),
        adoption_url("adoption_delete", adoption),
    )
    officer_z = as_persona(OFFICER_Z)
    assert officer_z.client.get(edit).status_code == 403
    assert officer_z.client.post(delete).status_code == 403
    assert officer_x.client.get(edit).status_code == 200
    response = officer_x.client.post(edit, {"kind": "as_is", "adopted_on": "", "notes": "Neu"})
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert (adoption.kind, adoption.notes, adoption.adopted_on) == ("as_is", "Neu", None)
    assert adoption.confirmed_at is None  # what the lead confirmed changed
    response = officer_x.client.post(edit, {"kind": "", "notes": "Behalten"})
    assert response.status_code == 400 and "Behalten" in response.content.decode()
    assert officer_x.client.post(delete).status_code == 302
    assert not Adoption.objects.filter(pk=adoption.pk).exists()


def test_an_adoption_of_a_members_only_project_shows_only_to_who_may_see_it(
    visitor, unlinked, officer_y, officer_x, admin_m, persona_world
):
    """The world's adoption: Z uses X's members-only project."""
    world = persona_world
    adoption = Adoption.objects.get(project=world.members_project, municipality=world.z)
    for outsider in (visitor, unlinked, officer_y, admin_m):
        for place in (world.z, world.x):
            page = outsider.client.get(place.get_absolute_url()).content.decode()
            assert WORLD_ADOPTION_NOTE not in page, (outsider.name, place)
    for outsider in (unlinked, officer_y, admin_m):
        for name in ("adoption_edit", "adoption_delete", "adoption_confirm"):
            url = adoption_url(name, adoption)
            response = outsider.client.post(url, {"kind": "as_is"})
            assert response.status_code == 404, (outsider.name, name)
    assert Adoption.objects.filter(pk=adoption.pk).exists()
    page = officer_x.client.get(world.z.get_absolute_url()).content.decode()
    assert WORLD_ADOPTION_NOTE in page


def test_the_project_page_offers_recording_to_other_municipalities_officers(
    officer_x, visitor, persona_world
):
    world = persona_world
    create = create_url(world.public_project)
    assert create in officer_x.client.get(world.public_project.get_absolute_url()).content.decode()
    own = officer_x.client.get(world.members_project.get_absolute_url()).content.decode()
    assert f'href="{create_url(world.members_project)}"' not in own
    assert (
        create not in visitor.client.get(world.public_project.get_absolute_url()).content.decode()
    )

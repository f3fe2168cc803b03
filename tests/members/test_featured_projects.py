"""Featured projects: a network's admins feature their members' projects on the network
page, in their order; nobody else may, and nothing outside the network can be featured."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Membership
from network_portal.models import FeaturedProject
from tests.factories.members import MembershipFactory, MunicipalityFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def page_url(network):
    return reverse("featured_projects", args=[network.slug])


def add(client, network, project_slug):
    return client.post(
        reverse("featured_project_add", args=[network.slug]), {"project": project_slug}
    )


def move(client, network, project, direction):
    url = reverse("featured_project_move", args=[network.slug, project.slug])
    return client.post(url, {"direction": direction})


def order(network):
    return list(
        FeaturedProject.objects.filter(network=network)
        .order_by("position", "pk")
        .values_list("project__slug", flat=True)
    )


def test_who_may_open_the_page(
    visitor, unlinked, officer_x, admin_m, organizer_n, admin_n, staff, persona_world
):
    n = persona_world.n
    response = visitor.client.get(page_url(n))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for persona in (unlinked, officer_x, admin_m, organizer_n):
        assert persona.client.get(page_url(n)).status_code == 403, persona.name
        assert add(persona.client, n, persona_world.public_project.slug).status_code == 403
    assert admin_n.client.get(page_url(n)).status_code == 200
    assert staff.client.get(page_url(n)).status_code == 200
    assert admin_n.client.get(page_url(n) + "?q=Wärme").status_code == 200
    assert (
        admin_n.client.get(reverse("featured_projects", args=["gibt-es-nicht"])).status_code == 404
    )
    assert not FeaturedProject.objects.exists()


def test_an_admin_features_a_members_project_and_the_network_page_shows_it_first(
    admin_n, visitor, persona_world
):
    world = persona_world
    page = admin_n.client.get(page_url(world.n)).content.decode()
    assert world.public_project.title in page  # among the candidates
    response = add(admin_n.client, world.n, world.public_project.slug)
    assert response.status_code == 302 and response["Location"] == page_url(world.n)
    featured = FeaturedProject.objects.get(network=world.n)
    assert featured.project == world.public_project
    assert featured.featured_by == admin_n.user and featured.featured_at is not None
    body = visitor.client.get(world.n.get_absolute_url()).content.decode()
    featured_section = body.split('id="featured-heading"')[1].split("</section>")[0]
    assert world.public_project.title in featured_section
    # Featured twice: refused, nothing changes.
    assert add(admin_n.client, world.n, world.public_project.slug).status_code == 400
    assert FeaturedProject.objects.count() == 1


def test_forged_projects_of_other_networks_change_nothing(admin_n, admin_m, persona_world):
    world = persona_world
    outside = ProjectFactory(lead_municipality=world.w)  # W is in no network
    of_m = ProjectFactory(lead_municipality=world.y)  # Y is in M
    for slug in (outside.slug, of_m.slug, "gibt-es-nicht", ""):
        response = add(admin_n.client, world.n, slug)
        assert response.status_code == 400, slug
    assert not FeaturedProject.objects.filter(network=world.n).exists()
    # M's featured project cannot be moved or removed through N.
    assert add(admin_m.client, world.m, of_m.slug).status_code == 302
    assert move(admin_n.client, world.n, of_m, "down").status_code == 404
    remove = reverse("featured_project_remove", args=[world.n.slug, of_m.slug])
    assert admin_n.client.post(remove).status_code == 404
    # And N's admin has no say in M.
    assert move(admin_n.client, world.m, of_m, "down").status_code == 403
    remove_in_m = reverse("featured_project_remove", args=[world.m.slug, of_m.slug])
    assert admin_n.client.post(remove_in_m).status_code == 403
    assert order(world.m) == [of_m.slug]


def test_the_admins_set_the_order(admin_n, visitor, persona_world):
    world = persona_world
    more = [ProjectFactory(lead_municipality=world.z, title=f"Zusatz {i}") for i in range(2)]
    slugs = [world.public_project.slug, more[0].slug, more[1].slug]
    for slug in slugs:
        assert add(admin_n.client, world.n, slug).status_code == 302
    assert order(world.n) == slugs
    assert move(admin_n.client, world.n, more[1], "up").status_code == 302
    assert order(world.n) == [slugs[0], slugs[2], slugs[1]]
    assert move(admin_n.client, world.n, world.public_project, "down").status_code == 302
    assert order(world.n) == [slugs[2], slugs[0], slugs[1]]
    # At the top already: nothing moves.
    assert move(admin_n.client, world.n, more[1], "up").status_code == 302
    assert order(world.n) == [slugs[2], slugs[0], slugs[1]]
    # A direction that is neither: 400 with a message, nothing moves.
    assert move(admin_n.client, world.n, more[1], "sideways").status_code == 400
    assert order(world.n) == [slugs[2], slugs[0], slugs[1]]
    body = visitor.client.get(world.n.get_absolute_url()).content.decode()
    section = body.split('id="featured-heading"')[1].split("</section>")[0]
    titles = [more[1].title, world.public_project.title, more[0].title]
    positions = [section.index(title) for title in titles]
    assert positions == sorted(positions)
    remove = reverse("featured_project_remove", args=[world.n.slug, more[0].slug])
    assert admin_n.client.post(remove).status_code == 302
    assert order(world.n) == [slugs[2], slugs[0]]


def test_members_only_featured_projects_show_only_to_who_may_see_them(
    admin_n, visitor, officer_y, officer_x, persona_world
):
    world = persona_world
    assert add(admin_n.client, world.n, world.members_project.slug).status_code == 302
    for outsider in (visitor, officer_y):
        body = outsider.client.get(world.n.get_absolute_url()).content.decode()
        assert world.members_project.title not in body
        assert 'id="featured-heading"' not in body
    body = officer_x.client.get(world.n.get_absolute_url()).content.decode()
    assert world.members_project.title in body.split('id="featured-heading"')[1]


def test_a_project_whose_lead_left_the_network_is_no_longer_shown(admin_n, visitor, persona_world):
    world = persona_world
    assert add(admin_n.client, world.n, world.public_project.slug).status_code == 302
    Membership.objects.filter(network=world.n, municipality=world.z).update(
        status=Membership.Status.LEFT
    )
    body = visitor.client.get(world.n.get_absolute_url()).content.decode()
    assert 'id="featured-heading"' not in body


def network_page_queries(client, network, count):
    for _ in range(count):
        member = MunicipalityFactory()
        MembershipFactory(municipality=member, network=network)
        project = ProjectFactory(lead_municipality=member)
        FeaturedProject.objects.create(network=network, project=project, position=0)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(network.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_network_page_reads_as_many_queries_for_100_featured_as_for_10(admin_n, persona_world):
    world = persona_world
    admin_n.client.get(world.n.get_absolute_url())  # the first request of a session reads more
    ten = network_page_queries(admin_n.client, world.n, 10)
    hundred = network_page_queries(admin_n.client, world.n, 90)
    assert FeaturedProject.objects.filter(network=world.n).count() == 100
    assert ten == hundred


def test_the_admin_page_reads_as_many_queries_for_100_featured_as_for_10(admin_n, persona_world):
    world = persona_world
    network_page_queries(admin_n.client, world.n, 10)
    admin_n.client.get(page_url(world.n))  # the first request of a session reads more
    with CaptureQueriesContext(connection) as ten:
        admin_n.client.get(page_url(world.n))
    network_page_queries(admin_n.client, world.n, 90)
    with CaptureQueriesContext(connection) as hundred:
        admin_n.client.get(page_url(world.n))
    assert len(ten) == len(hundred)

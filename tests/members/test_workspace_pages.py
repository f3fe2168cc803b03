"""The members and officers of a network's workspace come in pages of 50: a network of
thousands of members stays one readable table (and one affordable request) at a time."""

import re

import pytest
from django.urls import reverse

from members.models import Officer
from members.views_workspace import SECTION_PAGE_SIZE
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
    make_network_admin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_with_many(client):
    network = NetworkFactory()
    for number in range(SECTION_PAGE_SIZE + 5):
        municipality = MunicipalityFactory(name=f"Gemeinde {number:03d}")
        MembershipFactory(municipality=municipality, network=network)
        OfficerFactory(municipality=municipality, user__password=None, role_title="CDO")
    client.force_login(make_network_admin(network))
    return network


def member_names(content):
    section = content[content.index('id="members-heading"') :]
    section = section[: section.index("</section>")]
    return re.findall(r">(Gemeinde \d+)</a></td>", section)


def officer_names(content):
    section = content[content.index('id="officers-heading"') :]
    section = section[: section.index("</section>")]
    return re.findall(r">(Gemeinde \d+)</a></td>", section)


def test_members_and_officers_come_in_pages_with_links_between_them(client, network_with_many):
    url = reverse("members:workspace_network", args=[network_with_many.slug])

    first = client.get(url).content.decode()
    assert member_names(first) == [f"Gemeinde {n:03d}" for n in range(SECTION_PAGE_SIZE)]
    assert len(officer_names(first)) == SECTION_PAGE_SIZE
    assert 'aria-label="Seiten der Mitglieder"' in first
    assert "Seite 1 von 2 (55 insgesamt)" in first
    assert 'href="?members_page=2#members-heading" rel="next"' in first

    # Each section keeps its own page; the other's stays where it was.
    second = client.get(url, {"members_page": 2, "officers_page": 2}).content.decode()
    assert member_names(second) == [f"Gemeinde {n:03d}" for n in range(SECTION_PAGE_SIZE, 55)]
    assert officer_names(second) == [f"Gemeinde {n:03d}" for n in range(SECTION_PAGE_SIZE, 55)]
    assert 'href="?members_page=1&amp;officers_page=2#members-heading"' in second


def test_a_page_that_does_not_exist_is_a_404(client, network_with_many):
    url = reverse("members:workspace_network", args=[network_with_many.slug])
    assert client.get(url, {"members_page": 9}).status_code == 404
    assert client.get(url, {"officers_page": "zwei"}).status_code == 404


def test_a_failed_removal_shows_its_errors_on_the_page_of_its_officer(client, network_with_many):
    last = (
        Officer.objects.filter(status=Officer.Status.APPROVED).order_by("municipality__name").last()
    )
    url = reverse("members:officer_remove", args=[network_with_many.slug, last.pk])

    response = client.post(url, {f"remove-{last.pk}-reason": ""})

    assert response.status_code == 400
    content = response.content.decode()
    assert officer_names(content) == [f"Gemeinde {n:03d}" for n in range(SECTION_PAGE_SIZE, 55)]
    assert f'id="id_remove-{last.pk}-reason"' in content
    assert "<details open>" in content
    assert Officer.objects.get(pk=last.pk).status == Officer.Status.APPROVED

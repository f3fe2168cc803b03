"""members.access.viewer_for reads a signed-in person's rights in one query (compiled once
per process), each person their own, and a change shows in the next request."""

import pytest

from members.access import viewer_for
from members.models import Membership, NetworkRole, Officer
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OfficerFactory,
    give_two_factor,
)

pytestmark = pytest.mark.django_db


def test_each_persons_rights_in_one_query(django_assert_num_queries):
    north, south = NetworkFactory(), NetworkFactory()
    ulm, kiel = MunicipalityFactory(), MunicipalityFactory()
    MembershipFactory(municipality=ulm, network=north)
    MembershipFactory(municipality=kiel, network=south)
    MembershipFactory(municipality=kiel, network=north, status=Membership.Status.REQUESTED)
    ulms_officer = OfficerFactory(municipality=ulm).user
    # An officer of two places: both places' networks.
    OfficerFactory(user=ulms_officer, municipality=kiel)
    kiels_officer = OfficerFactory(municipality=kiel).user
    OfficerFactory(
        user=kiels_officer,
        municipality=ulm,
        status=Officer.Status.REJECTED,
        decision_reason="Nicht zuständig",
    )
    NetworkRoleFactory(user=kiels_officer, network=north, role=NetworkRole.Role.ORGANIZER)
    NetworkRoleFactory(user=kiels_officer, network=south, role=NetworkRole.Role.ADMIN)

    with django_assert_num_queries(1):
        both = viewer_for(ulms_officer)
    with django_assert_num_queries(1):
        kiels = viewer_for(kiels_officer)

    assert both.officer_of == {ulm.pk, kiel.pk}
    assert both.member_of == {north.pk, south.pk}
    assert both.admin_of == both.organizer_of == frozenset()
    assert kiels.officer_of == {kiel.pk}  # the rejected link gives nothing
    assert kiels.member_of == {south.pk}  # a requested membership neither
    assert kiels.organizer_of == {north.pk}
    # The admin role waits for a second factor.
    assert kiels.admin_of == frozenset() and kiels.needs_two_factor

    give_two_factor(kiels_officer)
    assert viewer_for(kiels_officer).admin_of == {south.pk}


def test_a_decision_shows_in_the_next_viewer():
    ulm, network = MunicipalityFactory(), NetworkFactory()
    MembershipFactory(municipality=ulm, network=network)
    link = OfficerFactory(municipality=ulm, status=Officer.Status.REQUESTED)
    assert viewer_for(link.user).member_of == frozenset()

    link.status = Officer.Status.APPROVED
    link.save()
    assert viewer_for(link.user).member_of == {network.pk}

    link.status = Officer.Status.REMOVED
    link.save()
    assert viewer_for(link.user).officer_of == frozenset()

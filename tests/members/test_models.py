"""Constraints and computed values of the members models."""

import pytest
from django.db import IntegrityError, transaction

from members.models import Membership, Municipality, Network, NetworkRole, UserProfile
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OrganizationFactory,
    PersonFactory,
    UserProfileFactory,
)

pytestmark = pytest.mark.django_db


def violates(constraint_name, make):
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        make()
    return True


def test_municipality_population_not_negative():
    municipality = MunicipalityFactory()
    municipality.population = -1

    # PositiveIntegerField brings a check of its own; either names the population.
    assert violates("population", municipality.save)


@pytest.mark.parametrize(("field", "value"), [("latitude", 90.5), ("longitude", -180.5)])
def test_municipality_coordinates_in_range(field, value):
    municipality = MunicipalityFactory(latitude=10, longitude=10)
    setattr(municipality, field, value)

    assert violates(f"municipality_{field}_in_range", municipality.save)


def test_official_key_unique_per_country_but_may_be_empty_many_times():
    MunicipalityFactory(country="DE", official_key="09461000")
    MunicipalityFactory(country="AT", official_key="09461000")
    MunicipalityFactory(country="DE", official_key="")
    MunicipalityFactory(country="DE", official_key="")

    assert violates(
        "municipality_unique_official_key",
        lambda: MunicipalityFactory(country="DE", official_key="09461000"),
    )


def test_slugs_and_geonames_ids_are_unique():
    MunicipalityFactory(slug="bamberg", geonames_id=2952984)

    assert violates("slug", lambda: Municipality.objects.create(name="B", slug="bamberg"))
    assert violates(
        "geonames_id", lambda: Municipality.objects.create(name="B", slug="b", geonames_id=2952984)
    )
    assert violates("slug", lambda: NetworkFactory(slug="x") and Network.objects.create(slug="x"))


@pytest.mark.parametrize(
    ("population", "size_class"),
    [(None, ""), (0, "xs"), (4_999, "xs"), (5_000, "s"), (20_000, "m"), (100_000, "l"),
     (499_999, "l"), (500_000, "xl")],
)  # fmt: skip
def test_population_class_is_computed_by_the_database(population, size_class):
    municipality = MunicipalityFactory(population=population)

    municipality.refresh_from_db()

    assert municipality.population_class == size_class


def test_one_membership_per_municipality_and_network():
    membership = MembershipFactory()

    assert violates(
        "membership_unique_per_network",
        lambda: MembershipFactory(municipality=membership.municipality, network=membership.network),
    )


def test_membership_left_not_before_joined():
    assert violates(
        "membership_left_not_before_joined",
        lambda: MembershipFactory(joined_on="2020-05-01", left_on="2020-04-30"),
    )
    assert MembershipFactory(joined_on="2020-05-01", left_on="2020-05-01").pk


def test_network_ended_not_before_founded():
    assert violates(
        "network_ended_not_before_founded",
        lambda: NetworkFactory(founded_year=2019, ended_year=2018),
    )
    assert NetworkFactory(founded_year=2019, ended_year=2024).pk


def test_active_memberships_and_member_count():
    network = NetworkFactory()
    MembershipFactory(network=network)
    MembershipFactory(network=network, status=Membership.Status.REQUESTED)
    MembershipFactory(network=network, tier=Membership.Tier.FOUNDING)

    assert Membership.objects.filter(network=network).active().count() == 2
    assert Network.objects.with_member_count().get(pk=network.pk).member_count == 2
    assert [m.is_founding_member for m in network.memberships.order_by("tier")] == [
        True,
        False,
        False,
    ]


def test_one_role_of_a_kind_per_user_and_network():
    role = NetworkRoleFactory(role=NetworkRole.Role.ADMIN)
    NetworkRoleFactory(user=role.user, network=role.network, role=NetworkRole.Role.ORGANIZER)

    assert violates(
        "network_role_unique",
        lambda: NetworkRoleFactory(user=role.user, network=role.network, role=role.role),
    )


def test_one_profile_per_user():
    profile = UserProfileFactory()

    assert violates("user_id", lambda: UserProfile.objects.create(user=profile.user))


def test_natural_keys_round_trip():
    membership = MembershipFactory()
    role = NetworkRoleFactory()
    profile = UserProfileFactory(user=UserFactory(username="kim"))
    organization = OrganizationFactory()
    person = PersonFactory()

    assert Membership.objects.get_by_natural_key(*membership.natural_key()) == membership
    assert NetworkRole.objects.get_by_natural_key(*role.natural_key()) == role
    assert UserProfile.objects.get_by_natural_key(*profile.natural_key()) == profile
    assert profile.natural_key() == ("kim",)
    assert type(organization).objects.get_by_natural_key(*organization.natural_key()) == (
        organization
    )
    assert type(person).objects.get_by_natural_key(*person.natural_key()) == person


def test_deleting_a_municipality_keeps_its_people():
    person = PersonFactory()

    person.municipality.delete()

    person.refresh_from_db()
    assert person.municipality is None

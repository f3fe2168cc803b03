import time

import factory
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from members.models import (
    Membership,
    Municipality,
    Network,
    NetworkRole,
    Officer,
    Organization,
    Person,
    UserProfile,
)
from tests.factories.accounts import UserFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organization.Kind.COMPANY


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    description = "Ein Netzwerk von Kommunen, die voneinander lernen."


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    kind = Municipality.Kind.CITY
    country = "DE"
    state = "Bayern"
    population = 50_000
    settlement_type = Municipality.SettlementType.URBAN


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    municipality = factory.SubFactory(MunicipalityFactory)
    network = factory.SubFactory(NetworkFactory)
    status = Membership.Status.ACTIVE


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kim Beispiel {n}")
    slug = factory.Sequence(lambda n: f"kim-beispiel-{n}")
    role_title = "Digitalisierungsbeauftragte"
    municipality = factory.SubFactory(MunicipalityFactory)
    email = factory.Sequence(lambda n: f"kim.beispiel{n}@stadt.example")
    phone = "+49 30 1234567"


class UserProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserProfile

    user = factory.SubFactory(UserFactory)
    person = factory.SubFactory(PersonFactory)


class NetworkRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkRole

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    role = NetworkRole.Role.ORGANIZER


class OfficerFactory(factory.django.DjangoModelFactory):
    """An approved officer link unless status= says otherwise."""

    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role_title = "Digitalisierungsbeauftragte"
    status = Officer.Status.APPROVED


def give_two_factor(user):
    """A TOTP authenticator for `user`, as allauth's mfa stores it after set-up: staff and
    network admins hold their rights only with one. Returns the TOTP secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_network_admin(network, **user_fields):
    """An admin of `network` who signs in with two factors (so the role applies)."""
    role = NetworkRoleFactory(network=network, role=NetworkRole.Role.ADMIN, **user_fields)
    give_two_factor(role.user)
    return role.user


def make_staff(**user_fields):
    """Site staff with two factors."""
    user = UserFactory(is_staff=True, **user_fields)
    give_two_factor(user)
    return user


def make_officer(municipality, **fields):
    """An account that is an approved officer of `municipality`."""
    return OfficerFactory(municipality=municipality, **fields).user


MIN_CODE_SECONDS = 5


def totp_code(secret: str) -> str:
    """The authenticator app's code for `secret` now, with at least MIN_CODE_SECONDS of its
    30-second step left: allauth accepts the current step only (MFA_TOTP_TOLERANCE 0), so a
    code typed in a browser near the step's end would be refused by the time it arrives."""
    left = 30 - time.time() % 30
    if left < MIN_CODE_SECONDS:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

import factory

from members.models import (
    Membership,
    Municipality,
    Network,
    NetworkRole,
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
    municipality = factory.SubFactory(MunicipalityFactory)


class NetworkRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkRole

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    role = NetworkRole.Role.MEMBER

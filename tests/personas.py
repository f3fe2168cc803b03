"""Shared personas (STYLE §8): a small world and the people who look at it.

    network N: municipalities X and Z (active members)
    network M: municipality Y (active member)
    municipality W: in no network

    members-only project, led by X, partner W, topic T, adopted by Z, on a recap of an
        event of N ("Vertraulicher Wärmespeicher")
    public project, led by Z, topic T ("Öffentlicher Wärmespeicher")
    a draft recap of the same event of N

and what the network admins' workspace works on, each with a twin in M (or in no network)
for the forged-id tests:

    officer requests waiting: for X (N), for Y (M), for W (no network: staff decide)
    approved officers (not personas): of Z (N), of Y (M), of W
    membership requests waiting: W to join N, W to join M
    network roles of other people: an organizer of N, an organizer of M

The personas (names used by parametrised tests; PERSONAS holds the eight of the matrix):

    visitor       not signed in (user None)
    unlinked      signed in, no officer link, no role: an account alone is no membership
    officer_x     approved digital officer of X (in N)
    officer_y     approved digital officer of Y (in M only)
    admin_n       admin of N, with two factors
    admin_m       admin of M, with two factors
    organizer_n   event organizer of N
    staff         is_staff, with two factors

and a few more for the visibility tests: officer_z (of Z, also in N), and staff and an
admin of N without two factors (who see as an unlinked account does).

Who reaches the members-only project (core.access): officer_x, officer_z, admin_n,
organizer_n, staff. Nobody else may see a trace of it.
"""

from dataclasses import dataclass
from typing import NamedTuple

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.test import Client
from django.utils import timezone

from core.access import Visibility
from events.models import Recap
from members.models import Membership, NetworkRole, Officer
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OfficerFactory,
    give_two_factor,
)
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory

VISITOR = "visitor"
UNLINKED = "unlinked"
OFFICER_X = "officer_x"
OFFICER_Y = "officer_y"
ADMIN_N = "admin_n"
ADMIN_M = "admin_m"
ORGANIZER_N = "organizer_n"
STAFF = "staff"
PERSONAS = (VISITOR, UNLINKED, OFFICER_X, OFFICER_Y, ADMIN_N, ADMIN_M, ORGANIZER_N, STAFF)

OFFICER_Z = "officer_z"
STAFF_WITHOUT_2FA = "staff_without_2fa"
ADMIN_N_WITHOUT_2FA = "admin_n_without_2fa"
EXTRA_PERSONAS = (OFFICER_Z, STAFF_WITHOUT_2FA, ADMIN_N_WITHOUT_2FA)

# Who sees the members-only project led by X (in N), and who must not see a trace of it.
REACH_N = (OFFICER_X, OFFICER_Z, ADMIN_N, ORGANIZER_N, STAFF)
OUTSIDE_N = (VISITOR, UNLINKED, OFFICER_Y, ADMIN_M, STAFF_WITHOUT_2FA, ADMIN_N_WITHOUT_2FA)


@dataclass
class World:
    n: object  # Network
    m: object
    x: object  # Municipality, in N
    z: object  # in N
    y: object  # in M
    w: object  # in no network
    topic: object
    members_project: object  # led by X, members only
    public_project: object  # led by Z
    event: object  # of N, in X
    recap: object  # published, links the members-only project
    draft_recap: object
    # The workspace's objects: for N, and their twins outside N.
    membership_xn: object
    membership_ym: object
    pending_officer_x: object
    pending_officer_y: object
    pending_officer_w: object
    approved_officer_z: object
    approved_officer_y: object
    approved_officer_w: object
    pending_membership_n: object  # W asks to join N
    pending_membership_m: object  # W asks to join M
    role_n: object  # someone's organizer role in N
    role_m: object


def build_world() -> World:
    n = NetworkFactory(name="Netzwerk Nord", short_name="NN", slug="persona-n")
    m = NetworkFactory(name="Netzwerk Mitte", short_name="NM", slug="persona-m")
    x = MunicipalityFactory(name="Xanten", slug="persona-x", population=22_000)
    z = MunicipalityFactory(name="Zwickau", slug="persona-z", population=87_000)
    y = MunicipalityFactory(name="Ypsilanti", slug="persona-y", population=21_000)
    w = MunicipalityFactory(name="Wolfach", slug="persona-w", population=5_800)
    membership_xn = MembershipFactory(municipality=x, network=n)
    MembershipFactory(municipality=z, network=n)
    membership_ym = MembershipFactory(municipality=y, network=m)
    topic = TopicFactory(slug="persona-waerme", name_de="Wärmenetze", name_en="Heat networks")
    members_project = ProjectFactory(
        title="Vertraulicher Wärmespeicher",
        slug="persona-vertraulich",
        summary="Ein Wärmespeicher im Quartier, nur für Mitglieder des Netzwerks.",
        lead_municipality=x,
        partner_municipalities=[w],
        topics=[topic],
        visibility=Visibility.MEMBERS,
    )
    public_project = ProjectFactory(
        title="Öffentlicher Wärmespeicher",
        slug="persona-oeffentlich",
        summary="Ein Wärmespeicher für alle.",
        lead_municipality=z,
        topics=[topic],
    )
    AdoptionFactory(project=members_project, municipality=z)
    event = EventFactory(title="Treffen Netzwerk Nord", slug="persona-treffen", network=n, city=x)
    recap = RecapFactory(
        event=event,
        title="Rückblick Treffen Nord",
        slug="persona-rueckblick",
        projects=[members_project, public_project],
        topics=[topic],
    )
    draft_recap = RecapFactory(
        event=event, title="Entwurf Nord", slug="persona-entwurf", status=Recap.Status.DRAFT
    )
    requested, approved = Officer.Status.REQUESTED, Officer.Status.APPROVED
    waiting = {"status": Membership.Status.REQUESTED, "requested_at": timezone.now()}
    return World(
        membership_xn=membership_xn,
        membership_ym=membership_ym,
        pending_officer_x=officer_link("asks-x", x, requested),
        pending_officer_y=officer_link("asks-y", y, requested),
        pending_officer_w=officer_link("asks-w", w, requested),
        approved_officer_z=officer_link("serves-z", z, approved),
        approved_officer_y=officer_link("serves-y", y, approved),
        approved_officer_w=officer_link("serves-w", w, approved),
        pending_membership_n=MembershipFactory(municipality=w, network=n, **waiting),
        pending_membership_m=MembershipFactory(municipality=w, network=m, **waiting),
        role_n=NetworkRoleFactory(user=account("organizes-n"), network=n),
        role_m=NetworkRoleFactory(user=account("organizes-m"), network=m),
        n=n,
        m=m,
        x=x,
        z=z,
        y=y,
        w=w,
        topic=topic,
        members_project=members_project,
        public_project=public_project,
        event=event,
        recap=recap,
        draft_recap=draft_recap,
    )


def account(name: str):
    """A signed-up account with a verified address and no usable password (quick to make:
    no password hash), for the people the personas decide about."""
    user = get_user_model().objects.create(
        username=f"{name}-{UserFactory._meta.next_sequence()}",
        email=f"{name}@example.org",
        password=UNUSABLE_PASSWORD_PREFIX,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def officer_link(name: str, municipality, status):
    return OfficerFactory(user=account(name), municipality=municipality, status=status)


def make_user(name: str, world: World):
    """A new user who is persona `name` in `world` (None for the visitor)."""
    if name == VISITOR:
        return None
    user = UserFactory(username=f"{name}-{UserFactory._meta.next_sequence()}")
    if name in (OFFICER_X, OFFICER_Y, OFFICER_Z):
        municipality = {OFFICER_X: world.x, OFFICER_Y: world.y, OFFICER_Z: world.z}[name]
        OfficerFactory(user=user, municipality=municipality)
    elif name in (ADMIN_N, ADMIN_M, ADMIN_N_WITHOUT_2FA):
        network = world.m if name == ADMIN_M else world.n
        NetworkRoleFactory(user=user, network=network, role=NetworkRole.Role.ADMIN)
    elif name == ORGANIZER_N:
        NetworkRoleFactory(user=user, network=world.n, role=NetworkRole.Role.ORGANIZER)
    elif name in (STAFF, STAFF_WITHOUT_2FA):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    elif name != UNLINKED:
        raise ValueError(f"no persona {name!r}")
    if name in (ADMIN_N, ADMIN_M, STAFF):
        give_two_factor(user)
    return user


class Persona(NamedTuple):
    client: Client  # signed in as `user` (not signed in for the visitor)
    user: object  # None for the visitor
    name: str


def log_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def persona(name: str, world: World) -> Persona:
    user = make_user(name, world)
    return Persona(log_in(user), user, name)


# Fixtures, made available everywhere by tests/conftest.py.


@pytest.fixture
def persona_world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def personas_once(django_db_setup, django_db_blocker):
    """(world, {persona name: user}) built once for a whole test module, for tests that
    walk many pages as many personas (making a user hashes a password: half a second).
    Each test still needs `db`: its own writes roll back to this state after it, and this
    state rolls back after the module. A module uses either this or persona_world (and the
    persona fixtures), not both: the world's slugs would meet twice."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            users = {name: make_user(name, world) for name in (*PERSONAS, *EXTRA_PERSONAS)}
            yield world, users
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def as_persona(persona_world):
    """as_persona(name) -> Persona(client, user, name) in the persona world."""
    return lambda name: persona(name, persona_world)


@pytest.fixture
def visitor(as_persona):
    return as_persona(VISITOR)


@pytest.fixture
def unlinked(as_persona):
    return as_persona(UNLINKED)


@pytest.fixture
def officer_x(as_persona):
    return as_persona(OFFICER_X)


@pytest.fixture
def officer_y(as_persona):
    return as_persona(OFFICER_Y)


@pytest.fixture
def admin_n(as_persona):
    return as_persona(ADMIN_N)


@pytest.fixture
def admin_m(as_persona):
    return as_persona(ADMIN_M)


@pytest.fixture
def organizer_n(as_persona):
    return as_persona(ORGANIZER_N)


@pytest.fixture
def staff(as_persona):
    return as_persona(STAFF)

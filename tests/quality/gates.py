"""Shared helpers of the quality gates: build every registered sample and fetch it as a
persona in a language."""

from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.test import Client

from members.models import Municipality, Network, NetworkRole, Officer
from tests.factories.accounts import UserFactory
from tests.factories.members import give_two_factor
from tests.pages import (
    LANGUAGES,
    MEMBER,
    NETWORK_ADMIN,
    OFFICER,
    ORGANIZER,
    PAGE_TYPES,
    PERSONAS,
    STAFF,
    VISITOR,
    PageType,
    load_all,
)
from tests.personas import account


@dataclass(frozen=True)
class Sample:
    page_type: PageType
    persona: str
    language: str
    path: str
    user: object = None  # the persona's user, None for a visitor

    @property
    def label(self) -> str:
        return f"{self.page_type.url_name} [{self.persona}, {self.language}] {self.path}"

    @property
    def slug(self) -> str:
        """A file-name-safe name for saved copies of the page."""
        name = self.page_type.url_name.replace(":", "--")
        return f"{name}__{self.persona}__{self.language}"


# raw password -> one real hash of it, kept for the whole test process
_HASHES: dict[str, str] = {}


@contextmanager
def one_hash_per_password():
    """Inside this block, a password already hashed once is not hashed again.

    The builders make dozens of users through the factories, all with the factories' one
    password, and hashing it (PBKDF2 at Django's production cost, about a third of a second
    on a busy CI core) took half of every build_samples(). Each user still gets a real,
    usable hash of its password, so signing in with it and the pages that ask whether an
    account has a password behave as before; only the salt is shared, which no page shows.
    """
    set_password = AbstractBaseUser.set_password

    def reuse_hash(user, raw_password):
        if raw_password is None:  # an unusable password: random, and quick to make
            set_password(user, raw_password)
            return
        if raw_password not in _HASHES:
            set_password(user, raw_password)
            _HASHES[raw_password] = user.password
            return
        user.password = _HASHES[raw_password]
        user._password = raw_password  # as set_password leaves it, for password_changed()

    with mock.patch.object(AbstractBaseUser, "set_password", reuse_hash):
        yield


@contextmanager
def commits_not_waiting_for_the_disk():
    """In a browser test (transactional: no test transaction around it) every row a builder
    saves is its own commit, and each waited for PostgreSQL to flush its log to the disk:
    a third of the build on a busy machine. Here they do not wait (synchronous_commit off,
    for this connection and this block): what is committed, and what the live server sees,
    is the same; only a crash of the database server could lose the last commits. Inside a
    test transaction (the `db` fixture) nothing is committed, and nothing changes."""
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def make_member():
    """The signed-in persona without a link or role: a person with a verified address."""
    return UserFactory()


def make_user(persona: str):
    """A user for `persona` (None for the visitor). Only MEMBER has a password: the gates
    sign the others in without one. grant_reach() gives them their links and roles."""
    if persona == VISITOR:
        return None
    if persona == MEMBER:
        return make_member()
    user = account(f"gate-{persona.replace('_', '-')}")
    if persona == STAFF:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if persona in (NETWORK_ADMIN, STAFF):
        give_two_factor(user)
    return user


def make_users(personas=PERSONAS) -> dict:
    """persona -> user (None for the visitor), for the `personas` asked for."""
    with one_hash_per_password():
        return {persona: make_user(persona) for persona in dict.fromkeys(personas)}


def grant_reach(users: dict) -> None:
    """After the builders ran: the officer becomes an approved officer of every sample
    municipality, the admin and organizer get their role in every sample network. So each
    sees what the samples keep for network members, and the pages they see differently."""
    officer = users.get(OFFICER)
    if officer is not None:
        linked = Officer.objects.filter(user=officer, status__in=("requested", "approved"))
        Officer.objects.bulk_create(
            Officer(
                user=officer,
                municipality=municipality,
                role_title="Digitallotse",
                status=Officer.Status.APPROVED,
            )
            for municipality in Municipality.objects.exclude(pk__in=linked.values("municipality"))
        )
    for persona, role in ((NETWORK_ADMIN, "admin"), (ORGANIZER, "organizer")):
        if users.get(persona) is not None:
            NetworkRole.objects.bulk_create(
                (
                    NetworkRole(user=users[persona], network=network, role=role)
                    for network in Network.objects.all()
                ),
                ignore_conflicts=True,
            )


def paths_for(page_type: PageType, users: dict) -> dict[str, str]:
    """persona -> sample path. A builder runs once per persona only if it takes `user`;
    otherwise once, and every persona shares its data (builders need not be re-runnable)."""
    with one_hash_per_password():
        if page_type.per_persona:
            return {persona: page_type.path_for(users[persona]) for persona in page_type.personas}
        path = page_type.path_for(None)
        return dict.fromkeys(page_type.personas, path)


def build_samples(*, languages=LANGUAGES, html_only=False, users=None) -> list[Sample]:
    """Every registered (page type, persona, language), its builder run as paths_for says;
    then the personas get their links and roles (grant_reach). `users` may hold some of
    the personas' users already; the others are made."""
    load_all()
    page_types = [
        PAGE_TYPES[url_name]
        for url_name in sorted(PAGE_TYPES)
        if PAGE_TYPES[url_name].html or not html_only
    ]
    users = dict(users or {})
    needed = [p for page_type in page_types for p in page_type.personas if p not in users]
    samples = []
    with commits_not_waiting_for_the_disk():
        users.update(make_users(needed))
        for page_type in page_types:
            for persona, path in paths_for(page_type, users).items():
                for language in languages:
                    samples.append(Sample(page_type, persona, language, path, users[persona]))
        grant_reach(users)
    return samples


def client_for(sample: Sample, clients: dict | None = None) -> Client:
    """A test client signed in as the sample's persona, speaking its language."""
    key = (sample.persona, sample.language)
    if clients is not None and key in clients:
        return clients[key]
    client = Client()
    if sample.user is not None:
        client.force_login(sample.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = sample.language
    if clients is not None:
        clients[key] = client
    return client


def fetch(sample: Sample, clients: dict | None = None, *, follow: bool | None = None):
    """GET the sample over HTTPS (production redirects plain HTTP) as its persona,
    following redirects if its page type says so (or `follow` overrides it)."""
    client = client_for(sample, clients)
    follow = sample.page_type.follow if follow is None else follow
    return client.get(sample.path, secure=True, follow=follow)


class PageRaised(Exception):
    """A view raised instead of answering; the gates report it as that page's problem."""


def fetch_checked(sample: Sample, clients: dict | None = None, *, follow: bool | None = None):
    """fetch(), but an exception in the view becomes PageRaised naming the sample."""
    try:
        return fetch(sample, clients, follow=follow)
    except Exception as error:  # noqa: BLE001 - any error is that page's failure
        raise PageRaised(f"{sample.label}: raised {type(error).__name__}: {error}") from error

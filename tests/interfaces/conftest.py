"""Data of the interface tests: the persona world (tests/personas.py) and what the interfaces
must leave out — a draft event, an undated one, a recap scheduled for next week, a contact
person with an address and a phone number — made once for the package's tests (each test
still rolls its own writes back)."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from events.models import Event
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import PersonFactory
from tests.factories.projects import ProjectFactory
from tests.personas import OFFICER_X, build_world, log_in, make_user

SECRET_EMAIL = "geheim.kontakt@stadt.example"
SECRET_PHONE = "+49 40 9876543"


def build():
    world = build_world()
    return SimpleNamespace(
        world=world,
        officer=make_user(OFFICER_X, world),
        draft_event=EventFactory(
            title="Geheimer Entwurf eines Treffens",
            slug="iface-entwurf",
            network=world.n,
            city=world.x,
            status=Event.Status.DRAFT,
        ),
        undated_event=EventFactory(
            title="Treffen ohne Datum",
            slug="iface-ohne-datum",
            network=world.n,
            city=world.x,
            starts_on=None,
            ends_on=None,
        ),
        scheduled_recap=RecapFactory(
            event=world.event,
            title="Geplanter Rückblick",
            slug="iface-geplant",
            published_at=timezone.now() + datetime.timedelta(days=7),
            topics=[world.topic],
        ),
        contact=PersonFactory(
            name="Kontakt Person",
            municipality=world.x,
            email=SECRET_EMAIL,
            phone=SECRET_PHONE,
        ),
        formula_project=ProjectFactory(
            title='=HYPERLINK("http://example.org/boese","Klick")',
            slug="iface-formel",
            summary="\tbeginnt mit einem Tabulator",
            lead_municipality=world.z,
            topics=[world.topic],
        ),
    )


@pytest.fixture(scope="package")
def data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def visitor_client(db):
    return Client()


@pytest.fixture
def officer_client(db, data):
    return log_in(data.officer)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content

"""Helpers for the following tests: a town in a network, its officer, a topic and a
follower, and projects published through the service (which records the activity)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from network_portal.following.models import NotificationSettings
from network_portal.following.services import follow_set, settings_update
from projects.services import project_create
from tests.factories.accounts import UserFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, OfficerFactory
from tests.factories.projects import TopicFactory

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime.datetime:
    """An aware time, given as Berlin wall-clock time."""
    return datetime.datetime(*args, tzinfo=BERLIN)


def project_data(title, topics, **extra):
    return {
        "title": title,
        "summary": "Eine Lösung zum Nachnutzen.",
        "topics": topics,
        "visibility": "public",
        "lessons_visibility": "public",
        "stage": "pilot",
        **extra,
    }


class Town:
    def __init__(self):
        self.municipality = MunicipalityFactory()
        self.membership = MembershipFactory(municipality=self.municipality)
        self.officer = OfficerFactory(municipality=self.municipality, user__password=None).user
        self.topic = TopicFactory()

    def publish(self, title, *, topics=None, **extra):
        return project_create(
            actor=self.officer,
            lead_municipality=self.municipality,
            data=project_data(title, topics if topics is not None else [self.topic], **extra),
        )

    def publish_quietly(self, title):
        """A project on the town's topic, made without the service (no activity)."""
        from tests.factories.projects import ProjectFactory

        return ProjectFactory(title=title, lead_municipality=self.municipality, topics=[self.topic])


@pytest.fixture
def town(db):
    return Town()


def make_follower(target, *, frequency="immediate", language="de", **user_fields):
    # No password: hashing one costs most of a test's time, and tests sign in with force_login.
    user = UserFactory(password=None, **user_fields)
    follow_set(actor=user, target=target, follow=True, language=language)
    settings_update(actor=user, frequency=frequency, language=language)
    return user


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def frequency_of(user) -> str:
    return NotificationSettings.objects.get(user=user).frequency

"""Shared by the tests of visitors' pages (ETags, the page cache)."""

import pytest
from django.test import Client

from projects.models import Visibility
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OfficerFactory,
)
from tests.factories.projects import ProjectFactory


@pytest.fixture
def world():
    network = NetworkFactory()
    lead = MunicipalityFactory()
    MembershipFactory(municipality=lead, network=network)
    public = ProjectFactory(title="Öffentlicher Rufbus", lead_municipality=lead)
    hidden = ProjectFactory(
        title="Interner Rufbus", lead_municipality=lead, visibility=Visibility.MEMBERS
    )
    colleague = MunicipalityFactory()
    MembershipFactory(municipality=colleague, network=network)
    member = Client()
    member.force_login(OfficerFactory(municipality=colleague).user)
    return public, hidden, member

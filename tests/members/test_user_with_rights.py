"""The session's user is loaded with their rights in one query (members.auth_backends,
members.access.user_with_rights): a signed-in request reads one row for who they are and
what they may do, the rights are the same as viewer_for's own query reads, and sessions
begun before the portal's backends stay signed in."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.access import (
    PREPARED_STATEMENT,
    prepare_statement_sql,
    user_with_rights,
    viewer_for,
)
from members.models import NetworkRole
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OfficerFactory,
    give_two_factor,
)

pytestmark = pytest.mark.django_db


def test_the_user_and_their_rights_in_one_query(django_assert_num_queries):
    north, south = NetworkFactory(), NetworkFactory()
    ulm = MunicipalityFactory()
    MembershipFactory(municipality=ulm, network=north)
    person = OfficerFactory(municipality=ulm).user
    NetworkRoleFactory(user=person, network=south, role=NetworkRole.Role.ADMIN)
    NetworkRoleFactory(user=person, network=north, role=NetworkRole.Role.ORGANIZER)
    give_two_factor(person)
    with django_assert_num_queries(1):
        loaded = user_with_rights(person.pk)
        viewer = viewer_for(loaded, loaded_rights=True)
    stored = type(person).objects.get(pk=person.pk)
    fields = [field.attname for field in stored._meta.concrete_fields]
    assert [getattr(loaded, name) for name in fields] == [getattr(stored, name) for name in fields]
    assert loaded._state.db == "default" and not loaded._state.adding
    assert viewer == viewer_for(type(person).objects.get(pk=person.pk))  # its own query
    assert viewer.officer_of == {ulm.pk}
    assert viewer.member_of == {north.pk}
    assert viewer.admin_of == {south.pk}
    assert viewer.organizer_of == {north.pk}


def test_an_account_without_rights_and_a_missing_one():
    person = UserFactory()
    assert viewer_for(user_with_rights(person.pk)).rows_key == "public"
    assert viewer_for(user_with_rights(person.pk)).is_authenticated
    assert user_with_rights(person.pk + 1000) is None


def test_a_signed_in_request_reads_who_they_are_and_their_rights_in_one_query(client):
    person = OfficerFactory().user
    client.force_login(person)
    client.get(reverse("members:my_requests"))  # the session's first request writes it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("members:my_requests")).status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sqls.count(f"EXECUTE {PREPARED_STATEMENT}({person.pk})") == 1
    # Neither the user's row nor the viewer's rights (arrays of ids) are read again.
    assert not [sql for sql in sqls if 'FROM "auth_user"' in sql or "ARRAY(SELECT" in sql]


def test_the_statement_is_prepared_once_per_connection(django_assert_num_queries):
    person = UserFactory()
    user_with_rights(person.pk)
    with django_assert_num_queries(1):
        assert user_with_rights(person.pk) == person
    prepared = prepare_statement_sql()
    assert prepared.startswith(f"PREPARE {PREPARED_STATEMENT} (integer) AS SELECT")
    assert "$1" in prepared and '"members_officer"' in prepared


@pytest.mark.parametrize(
    "earlier",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_a_session_begun_before_the_portals_backends_stays_signed_in(client, earlier):
    person = UserFactory()
    client.force_login(person, backend=earlier)
    assert client.session[BACKEND_SESSION_KEY] == earlier
    response = client.get(reverse("members:my_requests"))
    assert response.status_code == 200
    assert response.wsgi_request.user == person
    assert client.session[BACKEND_SESSION_KEY].startswith("members.auth_backends.")


def test_a_deactivated_account_is_signed_out(client):
    person = UserFactory()
    client.force_login(person)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    response = client.get(reverse("members:my_requests"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_service_checking_its_actor_reads_the_rights_anew():
    ulm = MunicipalityFactory()
    link = OfficerFactory(municipality=ulm)
    loaded = user_with_rights(link.user.pk)
    link.delete()  # between the start of the request and the service's check
    assert viewer_for(loaded, loaded_rights=True).officer_of == {ulm.pk}
    assert viewer_for(loaded).officer_of == frozenset()

import pytest
from django.db import transaction

from members.models import Officer
from tests.factories.members import OfficerFactory, give_two_factor
from tests.personas import OFFICER_X, STAFF, UNLINKED, account, build_world


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    """(the personas' world, {persona: user}) once per module, for the three personas the
    API tests sign in as; their accounts have no password (no hashing: quick to make). Each
    test still needs `db`: its writes roll back after it, this state after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            officer = account("api-officer-x")
            OfficerFactory(user=officer, municipality=world.x, status=Officer.Status.APPROVED)
            staff = account("api-staff")
            staff.is_staff = True
            staff.save(update_fields=["is_staff"])
            give_two_factor(staff)
            users = {OFFICER_X: officer, UNLINKED: account("api-unlinked"), STAFF: staff}
            yield world, users
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)

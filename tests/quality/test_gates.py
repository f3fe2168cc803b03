"""The gates' own helpers (tests/quality/gates.py) keep what the gates rely on."""

from django.db import connection

from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.quality.gates import commits_not_waiting_for_the_disk, one_hash_per_password


def test_users_made_while_hashing_once_still_have_their_real_password(db):
    with one_hash_per_password():
        first, second = UserFactory(), UserFactory()
        other = UserFactory(password="ein-anderes-Passwort-7")
        without = UserFactory(password=None)
    first.refresh_from_db()
    second.refresh_from_db()

    assert first.password == second.password, "the second user reused the first hash"
    assert first.check_password(DEFAULT_PASSWORD) and second.check_password(DEFAULT_PASSWORD)
    assert not second.check_password("ein-anderes-Passwort-7")
    assert other.check_password("ein-anderes-Passwort-7")
    assert not without.has_usable_password()
    assert UserFactory().password != first.password, "outside the block, hashing as before"


def synchronous_commit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_commits_stop_waiting_for_the_disk_only_inside_the_block(transactional_db):
    before = synchronous_commit()
    with commits_not_waiting_for_the_disk():
        assert synchronous_commit() == "off"
        user = UserFactory(password=None)
    assert synchronous_commit() == before
    assert type(user).objects.filter(pk=user.pk).exists()


def test_inside_a_test_transaction_nothing_changes(db):
    before = synchronous_commit()
    with commits_not_waiting_for_the_disk():
        assert synchronous_commit() == before

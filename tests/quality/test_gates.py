"""The gates' own helpers (tests/quality/gates.py) keep what the gates rely on."""

from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.quality.gates import one_hash_per_password


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

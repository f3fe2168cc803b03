"""The shared personas are who tests/personas.py says they are (core.access's view of them),
so the matrix and the visibility tests assert what they mean to."""

from members.access import viewer_for
from tests.personas import (
    ADMIN_M,
    ADMIN_N,
    ADMIN_N_WITHOUT_2FA,
    EXTRA_PERSONAS,
    OFFICER_X,
    OFFICER_Y,
    OFFICER_Z,
    ORGANIZER_N,
    OUTSIDE_N,
    PERSONAS,
    REACH_N,
    STAFF,
    STAFF_WITHOUT_2FA,
    UNLINKED,
    VISITOR,
)


def test_each_persona_reaches_what_its_name_says(persona_world, as_persona):
    world = persona_world
    users = {name: as_persona(name).user for name in (*PERSONAS, *EXTRA_PERSONAS)}
    viewers = {name: viewer_for(user) for name, user in users.items()}
    n, m = world.n.pk, world.m.pk

    assert users[VISITOR] is None and not viewers[VISITOR].is_authenticated
    assert viewers[UNLINKED].is_authenticated
    assert viewers[UNLINKED].networks_reached == frozenset()
    assert viewers[OFFICER_X].officer_of == {world.x.pk}
    assert viewers[OFFICER_X].member_of == {n}
    assert viewers[OFFICER_Z].member_of == {n}
    assert viewers[OFFICER_Y].member_of == {m}
    assert viewers[ADMIN_N].admin_of == {n} and not viewers[ADMIN_N].needs_two_factor
    assert viewers[ADMIN_M].admin_of == {m}
    assert viewers[ORGANIZER_N].organizer_of == {n} and viewers[ORGANIZER_N].admin_of == set()
    assert viewers[STAFF].sees_everything
    # Without two factors their rights wait: they see what an account alone sees.
    for name in (STAFF_WITHOUT_2FA, ADMIN_N_WITHOUT_2FA):
        assert viewers[name].needs_two_factor
        assert not viewers[name].sees_everything
        assert viewers[name].networks_reached == frozenset()

    reach = {name for name, viewer in viewers.items() if viewer.sees_everything}
    reach |= {name for name, viewer in viewers.items() if n in viewer.networks_reached}
    assert reach == set(REACH_N)
    assert set(OUTSIDE_N) == set(users) - set(REACH_N)


def test_the_persona_fixtures_sign_in_who_they_name(visitor, unlinked, officer_x, staff):
    assert visitor.user is None and "_auth_user_id" not in visitor.client.session
    for persona in (unlinked, officer_x, staff):
        assert persona.client.session["_auth_user_id"] == str(persona.user.pk)
    assert staff.user.is_staff

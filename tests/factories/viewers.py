"""Viewers (core.access) for tests that call querysets and rankings directly."""

from core.access import VISITOR, Viewer
from members.access import viewer_for
from tests.factories.members import MembershipFactory, NetworkFactory, OfficerFactory

__all__ = ["VISITOR", "everything_viewer", "officer_viewer"]


def officer_viewer(municipality, *, network=None):
    """The viewer of a new approved officer of `municipality`; with `network`, the
    municipality is made an active member of it first."""
    if network is not None:
        MembershipFactory(municipality=municipality, network=network)
    officer = OfficerFactory(municipality=municipality)
    return viewer_for(officer.user)


def everything_viewer():
    """Staff with two factors: sees every project."""
    return Viewer(user_id=0, is_staff=True)


def unlinked_viewer(user):
    """A signed-in account without officer link or role: an account is only an account."""
    viewer = viewer_for(user)
    assert viewer.networks_reached == frozenset() and not viewer.sees_everything
    return viewer


__all__ += ["unlinked_viewer", "NetworkFactory"]


def colleague_of(municipality):
    """A user who is the approved officer of another municipality in a network with
    `municipality` (made an active member of a new network if it is in none): one who may
    see its members-only projects."""
    from members.models import Membership
    from tests.factories.members import MunicipalityFactory

    membership = Membership.objects.active().filter(municipality=municipality).first()
    network = membership.network if membership else NetworkFactory()
    if membership is None:
        MembershipFactory(municipality=municipality, network=network)
    colleague = MunicipalityFactory()
    MembershipFactory(municipality=colleague, network=network)
    return OfficerFactory(municipality=colleague).user


__all__ += ["colleague_of"]

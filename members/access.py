"""Builds the viewer of core.access from a user's officer links and network roles."""

from django.db.models import Q

from core.access import VISITOR, Viewer
from members.models import Membership, NetworkRole, Officer
from members.two_factor import has_two_factor


def viewer_for(user) -> Viewer:
    """The viewer for `user` (anonymous: the visitor). Three small queries for a signed-in
    person: their officer links with their municipalities' networks, their roles, and
    whether they have two factors (only asked when they hold rights that need them)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return VISITOR
    links = Officer.objects.approved().filter(user=user)
    officer_of = frozenset(links.values_list("municipality_id", flat=True))
    member_of = frozenset(
        Membership.objects.active()
        .filter(Q(municipality__in=officer_of))
        .values_list("network_id", flat=True)
        if officer_of
        else ()
    )
    roles = list(NetworkRole.objects.filter(user=user).values_list("network_id", "role"))
    admin_of = frozenset(pk for pk, role in roles if role == NetworkRole.Role.ADMIN)
    organizer_of = frozenset(pk for pk, role in roles if role == NetworkRole.Role.ORGANIZER)
    staff = user.is_staff or user.is_superuser
    two_factor = has_two_factor(user) if (staff or admin_of) else False
    return Viewer(
        user_id=user.pk,
        is_staff=staff and two_factor,
        officer_of=officer_of,
        member_of=member_of,
        admin_of=admin_of if two_factor else frozenset(),
        organizer_of=organizer_of,
        needs_two_factor=(staff or bool(admin_of)) and not two_factor,
    )

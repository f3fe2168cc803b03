"""Who may open the network admins' workspace, and which of its objects they reach.

Like healthchecks' _get_check_for_user: a helper loads the object with its access check.
An unknown slug and an object outside the persona's reach (another network's request, a
role in another network) answer 404, so the workspace never tells that it exists; a known,
public network the person does not administer answers 403. Visitors are sent to sign in,
and a network admin or staff member without two factors to the authenticator set-up.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from members.models import Membership, Network, NetworkRole, Officer


def workspace_view(view):
    """Signed-in only; admins and staff without two factors set one up first."""

    @login_required
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.viewer.needs_two_factor:
            messages.warning(
                request,
                _(
                    "The network administration opens only with two-factor authentication. "
                    "Please set up an authenticator app first."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return checked


def require_admin_of_any(request) -> None:
    if not request.viewer.administers_any:
        raise PermissionDenied


def require_staff(request) -> None:
    if not request.viewer.sees_everything:
        raise PermissionDenied


def get_network_for_admin(request, slug: str) -> Network:
    """The network `slug` if the viewer administers it: 404 when there is none, 403 when
    the viewer may not administer it (networks are public, so their existence is no
    secret)."""
    network = get_object_or_404(Network, slug=slug)
    if not request.viewer.can_administer(network):
        raise PermissionDenied
    return network


def _active_in(network):
    return Exists(
        Membership.objects.active().filter(municipality=OuterRef("municipality"), network=network)
    )


def _in_no_network():
    return ~Exists(Membership.objects.active().filter(municipality=OuterRef("municipality")))


def officers_of_network(network):
    """Officer links of the network's active member municipalities."""
    return Officer.objects.filter(_active_in(network))


def officers_of_no_network():
    """Officer links of municipalities in no network: staff decide on them."""
    return Officer.objects.filter(_in_no_network())


def get_officer_for_admin(request, network: Network | None, pk: int, *, status: str) -> Officer:
    """An officer link of a member municipality of `network` (None: of a municipality in
    no network, for staff) in `status`; 404 for any other."""
    if network is None:
        require_staff(request)
        queryset = officers_of_no_network()
    else:
        queryset = officers_of_network(network)
    return get_object_or_404(queryset.select_related("municipality"), pk=pk, status=status)


def get_membership_for_admin(network: Network, pk: int, *, statuses) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("municipality", "network"),
        pk=pk,
        network=network,
        status__in=statuses,
    )


def get_role_for_admin(network: Network, pk: int) -> NetworkRole:
    role = NetworkRole.objects.select_related("network", "user").filter(pk=pk, network=network)
    found = role.first()
    if found is None:
        raise Http404
    return found

"""Featured projects: a network's admins pick projects of its members for the network page,
in the order they choose.

Featuring changes no one's rights, so it leaves no audit entry (STYLE §4); each row keeps
who featured it and when. Every service checks the rights once more; writes lock the
network's featured rows so two admins moving at once keep a consistent order.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.access import Viewer
from core.ordering import moved, save_order
from members.access import viewer_for
from members.models import Network
from members.services.audit import PortalError
from network_portal.models import FeaturedProject
from projects.models import Project, members_of


def featurable_projects(viewer: Viewer, network: Network):
    """Projects `viewer` may see that are led by an active member of `network`."""
    return Project.objects.visible_to(viewer).filter(lead_municipality__in=members_of([network.pk]))


def featured_projects_for(viewer: Viewer, network: Network):
    """The network's featured projects `viewer` may see, in the admins' order, with what a
    card shows: two queries, however many there are. A project whose lead left the network
    drops out until it is a member again."""
    return (
        featurable_projects(viewer, network)
        .filter(featured_in__network=network)
        .with_card_data()
        .order_by("featured_in__position", "featured_in__pk")
    )


def _require_admin(actor, network: Network) -> Viewer:
    viewer = viewer_for(actor)
    if not viewer.can_administer(network):
        raise PermissionError
    return viewer


def _locked(network: Network) -> list[FeaturedProject]:
    return list(
        FeaturedProject.objects.select_for_update()
        .filter(network=network)
        .order_by("position", "pk")
    )


def featured_add(*, actor, network: Network, project: Project) -> FeaturedProject:
    viewer = _require_admin(actor, network)
    with transaction.atomic():
        if not featurable_projects(viewer, network).filter(pk=project.pk).exists():
            raise PortalError(_("Only projects of the network's members can be featured."))
        rows = _locked(network)
        if any(row.project_id == project.pk for row in rows):
            raise PortalError(_("“%(p)s” is featured already.") % {"p": project.title})
        last = FeaturedProject.objects.filter(network=network).aggregate(Max("position"))
        featured = FeaturedProject(
            network=network,
            project=project,
            position=(last["position__max"] or 0) + 1 if rows else 0,
            featured_by=actor,
        )
        featured.full_clean(validate_unique=False)
        featured.save()
    return featured


def featured_move(*, actor, network: Network, project: Project, direction: str) -> None:
    """Moves the project one place up or down (nothing at either end), renumbering the
    network's list 0, 1, 2, … in one write."""
    _require_admin(actor, network)
    with transaction.atomic():
        rows = _locked(network)
        row = next((row for row in rows if row.project_id == project.pk), None)
        if row is None:
            raise FeaturedProject.DoesNotExist
        reordered = moved(rows, row.pk, direction)
        if reordered:
            save_order(reordered)


def featured_remove(*, actor, network: Network, project: Project) -> None:
    _require_admin(actor, network)
    FeaturedProject.objects.filter(network=network, project=project).delete()

"""The one access rule: what a person may see and do (STYLE §0b).

A `Viewer` is built once per request (members.access.viewer_for, set as `request.viewer`
by network_portal.middleware.ViewerMiddleware) from the person's approved officer links
and network roles. Querysets take it (`Project.objects.visible_to(viewer)`), templates ask
its `can_…` questions, and nobody else decides visibility from `user.is_authenticated`.

Who sees "network members only" content of a project (DESIGN.md): approved officers of a
municipality with an active membership in a network the project's lead municipality also
belongs to, that network's admins and organizers, and staff. Everyone else sees no trace
of it. Staff and network admins hold their rights only once they sign in with two factors;
until then they see what any account sees.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may see a project or its lessons learned. Raw SQL and triggers read the same
    values (projects/0003's topic-profile triggers count PUBLIC rows)."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Network members only")


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    # Staff whose account has two factors: they see and may do everything.
    is_staff: bool = False
    # Municipalities the person is an approved officer of.
    officer_of: frozenset[int] = field(default_factory=frozenset)
    # Networks in which one of those municipalities has an active membership.
    member_of: frozenset[int] = field(default_factory=frozenset)
    # Networks the person administers (only with two factors) or organizes events for.
    admin_of: frozenset[int] = field(default_factory=frozenset)
    organizer_of: frozenset[int] = field(default_factory=frozenset)
    # Rights held on paper that wait for two-factor authentication (staff, network admin).
    needs_two_factor: bool = False

    @property
    def rows_key(self) -> str:
        """The same for two viewers who see the same rows of every queryset: everything the
        `visible_to` querysets read, and nothing else ("public" for visitors and accounts
        without rights). core.cached keys what it keeps for a group of viewers with it."""
        if self.is_staff:
            return "staff"
        parts = (self.officer_of, self.member_of, self.admin_of, self.organizer_of)
        if not any(parts):
            return "public"
        return "/".join(",".join(str(pk) for pk in sorted(part)) for part in parts)

    @property
    def rights_key(self) -> str:
        """The same for two signed-in people exactly when everything a page may ask of their
        viewer is the same: every field but the account. Pages kept for a group of
        signed-in people (network_portal.conditional) are keyed with it."""
        sets = (self.officer_of, self.member_of, self.admin_of, self.organizer_of)
        numbers = "/".join(",".join(str(pk) for pk in sorted(part)) for part in sets)
        flags = f"{int(self.is_staff)}{int(self.needs_two_factor)}{int(self.is_authenticated)}"
        return f"{flags}:{numbers}"

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def sees_everything(self) -> bool:
        return self.is_staff

    @property
    def networks_reached(self) -> frozenset[int]:
        """Networks whose members' "members only" content this person may see."""
        return self.member_of | self.admin_of | self.organizer_of

    @property
    def is_officer(self) -> bool:
        return bool(self.officer_of)

    def is_officer_of(self, municipality) -> bool:
        return _pk(municipality) in self.officer_of

    def can_administer(self, network) -> bool:
        return self.is_staff or _pk(network) in self.admin_of

    def can_organize(self, network) -> bool:
        return self.is_staff or _pk(network) in self.organizer_of or _pk(network) in self.admin_of

    @property
    def administers_any(self) -> bool:
        return self.is_staff or bool(self.admin_of)

    def can_edit_municipality(self, municipality) -> bool:
        return self.is_staff or self.is_officer_of(municipality)

    def can_edit_project(self, project) -> bool:
        """Officers of the lead municipality edit a project (and staff)."""
        return self.is_staff or project.lead_municipality_id in self.officer_of

    def can_edit_event(self, event) -> bool:
        """A network's organizers and admins edit its events and their recaps."""
        return self.can_organize(event.network_id)

    @property
    def organizes_any(self) -> bool:
        return self.is_staff or bool(self.organizer_of or self.admin_of)


VISITOR = Viewer()


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk

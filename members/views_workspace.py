"""The network admins' workspace (/verwaltung/): decide on officer and membership requests,
keep members' dates and tiers, grant and revoke roles, read the audit log.

Access (members.workspace_access): visitors sign in first; admins and staff without two
factors set them up first; a network the viewer does not administer answers 403, an
object outside the network in the URL 404. Every change goes through members.services,
which check the rights once more and write the audit entry.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.cached import cached
from core.kept import kept_part
from members.forms import (
    DecisionForm,
    MembershipDecisionForm,
    MembershipEditForm,
    OfficerRemoveForm,
    RoleGrantForm,
)
from members.models import AuditEntry, Membership, Network, NetworkRole, Officer
from members.services.audit import PortalError
from members.services.memberships import membership_decide as decide_membership
from members.services.memberships import membership_update
from members.services.officers import officer_decide as decide_officer
from members.services.officers import officer_end
from members.services.roles import role_grant as grant_role
from members.services.roles import role_revoke as revoke_role
from members.workspace_access import (
    get_membership_for_admin,
    get_network_for_admin,
    get_officer_for_admin,
    get_role_for_admin,
    officers_of_network,
    officers_of_no_network,
    require_admin_of_any,
    require_staff,
    workspace_view,
)

AUDIT_PAGE_SIZE = 50
# The members and officers of a network are paged: a network of thousands of members is
# one readable table page (and one affordable request) at a time.
SECTION_PAGE_SIZE = 50
MEMBER_STATUSES = (Membership.Status.ACTIVE, Membership.Status.LEFT)


def _with_forms(rows, form_class, prefix, bound=None):
    """(row, form) pairs, one form per row with its own prefix; `bound` replaces the form
    of the row whose prefix it carries (a failed POST shows its errors in place)."""
    pairs = []
    for row in rows:
        name = f"{prefix}-{row.pk}"
        form = bound if bound is not None and bound.prefix == name else form_class(prefix=name)
        pairs.append((row, form))
    return pairs


def _section_page(request, rows, param, anchor, *, showing=None):
    """One page of a section's rows, read from ?<param>= (or the page that holds the row
    `showing`, whose form failed), with the links to the section's other pages."""
    paginator = Paginator(rows, SECTION_PAGE_SIZE)
    number = request.GET.get(param) or 1
    if showing is not None:
        pks = list(rows.values_list("pk", flat=True))
        if showing in pks:
            number = pks.index(showing) // SECTION_PAGE_SIZE + 1
    try:
        page_obj = paginator.page(number)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error

    def link(page_number):
        query = request.GET.copy()
        query[param] = page_number
        return f"?{query.urlencode()}#{anchor}"

    page_obj.links = []
    if page_obj.has_previous():
        page_obj.links += [
            (_("First page"), link(1), ""),
            (_("Previous page"), link(page_obj.previous_page_number()), "prev"),
        ]
    if page_obj.has_next():
        page_obj.links += [
            (_("Next page"), link(page_obj.next_page_number()), "next"),
            (_("Last page"), link(paginator.num_pages), ""),
        ]
    return page_obj


def _bound_row(bound, prefix):
    """The primary key of the row whose form `bound` is (prefix "<prefix>-<pk>"), or None."""
    name = getattr(bound, "prefix", None) or ""
    head, _dash, pk = name.rpartition("-")
    return int(pk) if head == prefix and pk.isdigit() else None


def _render_network(request, network, *, bound=None, grant_form=None, status=200):
    """The workspace of `network`. Its sections are the same for every admin of the network
    (and for staff): kept rendered (core.kept) until the next write, unless a form failed
    (`bound`, `grant_form`: the page gives back what was typed)."""

    def build():
        context = _network_sections(request, network, bound=bound, grant_form=grant_form)
        html = render_to_string("members/_workspace_network_body.html", context, request)
        return html, status

    if bound is None and grant_form is None:
        body_html, _status = kept_part(request, "workspace-network-body", build)
    else:
        body_html, _status = build()
    context = {"network": network, "body_html": body_html}
    return render(request, "members/workspace_network.html", context, status=status)


def _network_sections(request, network, *, bound, grant_form):
    officers = officers_of_network(network).select_related("municipality", "user")
    pending_officers = officers.filter(status=Officer.Status.REQUESTED).order_by("requested_at")
    approved_officers = _section_page(
        request,
        officers.filter(status=Officer.Status.APPROVED).order_by(
            "municipality__name", "role_title", "pk"
        ),
        "officers_page",
        "officers-heading",
        showing=_bound_row(bound, "remove"),
    )
    memberships = Membership.objects.filter(network=network).select_related(
        "municipality", "requested_by"
    )
    pending_memberships = memberships.filter(status=Membership.Status.REQUESTED).order_by(
        "requested_at"
    )
    members = _section_page(
        request,
        memberships.filter(status__in=MEMBER_STATUSES).order_by(
            "status", "municipality__name", "pk"
        ),
        "members_page",
        "members-heading",
    )
    roles = (
        NetworkRole.objects.filter(network=network)
        .select_related("user")
        .order_by("role", "user__email")
    )
    return {
        "network": network,
        "pending_officers": _with_forms(pending_officers, DecisionForm, "officer", bound),
        "pending_memberships": _with_forms(
            pending_memberships, MembershipDecisionForm, "membership", bound
        ),
        "members": members,
        "approved_officers": _with_forms(approved_officers, OfficerRemoveForm, "remove", bound),
        "approved_officers_page": approved_officers,
        "roles": roles,
        "grant_form": grant_form or RoleGrantForm(prefix="grant"),
    }


def membership_counts(viewer, network_ids) -> dict[int, tuple[int, int]]:
    """{network id: (active, requested memberships)}, counted once per facts generation
    (core.cached): a request or a decision moves it on, so the counts are current at the
    next request; between writes a network with 20,000 members is not counted again."""

    def count():
        rows = (
            Membership.objects.filter(network__in=network_ids)
            .values("network")
            .annotate(
                active=Count("pk", filter=Q(status=Membership.Status.ACTIVE)),
                requested=Count("pk", filter=Q(status=Membership.Status.REQUESTED)),
            )
            .order_by()
        )
        return {row["network"]: (row["active"], row["requested"]) for row in rows}

    return cached("membership-counts", viewer, (sorted(network_ids),), count, facts=True)


def _render_workspace(request, *, bound=None, status=200):
    viewer = request.viewer
    networks = (
        Network.objects.all()
        if viewer.sees_everything
        else Network.objects.filter(pk__in=viewer.admin_of)
    )
    networks = list(networks.order_by("name"))
    counts = membership_counts(viewer, [network.pk for network in networks])
    for network in networks:
        network.member_total, network.pending_memberships = counts.get(network.pk, (0, 0))
    context = {"networks": networks}
    if viewer.sees_everything:
        # Officers of municipalities in no network: only staff decide on them.
        officers = officers_of_no_network().select_related("municipality", "user")
        pending = officers.filter(status=Officer.Status.REQUESTED).order_by("requested_at")
        approved = officers.filter(status=Officer.Status.APPROVED).order_by(
            "municipality__name", "role_title"
        )
        context["unaffiliated_pending"] = _with_forms(pending, DecisionForm, "officer", bound)
        context["unaffiliated_approved"] = _with_forms(approved, OfficerRemoveForm, "remove", bound)
    return render(request, "members/workspace.html", context, status=status)


@workspace_view
@require_GET
def workspace(request):
    require_admin_of_any(request)
    return _render_workspace(request)


@workspace_view
@require_GET
def workspace_network(request, slug):
    return _render_network(request, get_network_for_admin(request, slug))


@workspace_view
@require_POST
def officer_decide(request, pk, slug=None):
    network = get_network_for_admin(request, slug) if slug else None
    officer = get_officer_for_admin(request, network, pk, status=Officer.Status.REQUESTED)
    form = DecisionForm(request.POST, prefix=f"officer-{officer.pk}")
    if form.is_valid():
        try:
            decide_officer(
                actor=request.user,
                officer=officer,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
                network=network,
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            text = (
                _("%(m)s: the request has been approved.")
                if form.approve
                else _("%(m)s: the request has been rejected; the person can read your reason.")
            )
            messages.success(request, text % {"m": officer.municipality.name})
            return _back(network)
    return _render_back(request, network, form)


@workspace_view
@require_POST
def officer_remove(request, pk, slug=None):
    network = get_network_for_admin(request, slug) if slug else None
    officer = get_officer_for_admin(request, network, pk, status=Officer.Status.APPROVED)
    form = OfficerRemoveForm(request.POST, prefix=f"remove-{officer.pk}")
    if form.is_valid():
        officer_end(
            actor=request.user,
            officer=officer,
            reason=form.cleaned_data["reason"],
            network=network,
        )
        messages.success(
            request,
            _("%(title)s of %(m)s is no longer an officer.")
            % {"title": officer.role_title, "m": officer.municipality.name},
        )
        return _back(network)
    return _render_back(request, network, form)


def _render_back(request, network, form):
    """The page the form was on, with its errors in place (400)."""
    if network is None:
        return _render_workspace(request, bound=form, status=400)
    return _render_network(request, network, bound=form, status=400)


def _back(network):
    if network is None:
        return redirect("members:workspace")
    return redirect("members:workspace_network", slug=network.slug)


@workspace_view
@require_POST
def membership_decide(request, slug, pk):
    network = get_network_for_admin(request, slug)
    membership = get_membership_for_admin(network, pk, statuses=[Membership.Status.REQUESTED])
    form = MembershipDecisionForm(request.POST, prefix=f"membership-{membership.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide_membership(
                actor=request.user,
                membership=membership,
                approve=form.approve,
                reason=data["reason"],
                joined_on=data["joined_on"],
                tier=data["tier"],
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            text = (
                _("%(m)s is now a member of %(n)s.")
                if form.approve
                else _("The request of %(m)s has been rejected; its officers can read your reason.")
            )
            messages.success(request, text % {"m": membership.municipality.name, "n": network})
            return _back(network)
    return _render_network(request, network, bound=form, status=400)


@workspace_view
@require_http_methods(["GET", "POST"])
def membership_edit(request, slug, pk):
    network = get_network_for_admin(request, slug)
    membership = get_membership_for_admin(network, pk, statuses=MEMBER_STATUSES)
    initial = {
        "joined_on": membership.joined_on,
        "left_on": membership.left_on,
        "tier": membership.tier,
    }
    form = MembershipEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(actor=request.user, membership=membership, **form.cleaned_data)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The membership of %(m)s has been saved.") % {"m": membership.municipality.name},
            )
            return _back(network)
    context = {"network": network, "membership": membership, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "members/membership_edit.html", context, status=status)


@workspace_view
@require_POST
def role_grant(request, slug):
    network = get_network_for_admin(request, slug)
    form = RoleGrantForm(request.POST, prefix="grant")
    if form.is_valid():
        try:
            granted = grant_role(
                actor=request.user, network=network, user=form.user, role=form.cleaned_data["role"]
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s of %(n)s.")
                % {
                    "email": form.cleaned_data["email"],
                    "role": granted.get_role_display(),
                    "n": network,
                },
            )
            return _back(network)
    return _render_network(request, network, grant_form=form, status=400)


@workspace_view
@require_POST
def role_revoke(request, slug, pk):
    network = get_network_for_admin(request, slug)
    role = get_role_for_admin(network, pk)
    try:
        revoke_role(actor=request.user, role=role)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(email)s no longer holds the role %(role)s.")
            % {"email": role.user.email, "role": role.get_role_display()},
        )
    return _back(network)


def _audit_page(request, entries):
    """One page of entries, newest first, each with the actor's current address where the
    account still exists (one query for the page), else the entry's pseudonym."""
    paginator = Paginator(entries.order_by("-created_at", "-id"), AUDIT_PAGE_SIZE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    actor_ids = {entry.actor_id for entry in page_obj if entry.actor_id is not None}
    emails = dict(
        get_user_model().objects.filter(pk__in=actor_ids).values_list("pk", "email")
        if actor_ids
        else ()
    )
    for entry in page_obj:
        entry.actor_shown = emails.get(entry.actor_id) or entry.actor_label
        entry.changes = _changes(entry.before, entry.after)
    return page_obj


def _changes(before: dict, after: dict) -> list[tuple[str, object, object]]:
    keys = list(dict.fromkeys([*before, *after]))
    return [(key, before.get(key, "–"), after.get(key, "–")) for key in keys]


@workspace_view
@require_GET
def audit_log(request, slug):
    network = get_network_for_admin(request, slug)
    page_obj = _audit_page(request, AuditEntry.objects.filter(network=network))
    context = {"network": network, "page_obj": page_obj, "entries": page_obj.object_list}
    return render(request, "members/audit_log.html", context)


@workspace_view
@require_GET
def audit_log_all(request):
    require_staff(request)
    page_obj = _audit_page(request, AuditEntry.objects.select_related("network"))
    context = {"network": None, "page_obj": page_obj, "entries": page_obj.object_list}
    return render(request, "members/audit_log.html", context)

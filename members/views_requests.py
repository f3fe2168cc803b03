"""What a signed-in person asks for: to become a municipality's officer, for their
municipality to join a network; and the page where they follow their requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.forms import MembershipRequestForm, OfficerRequestForm
from members.models import Membership, Municipality, Network, Officer
from members.services.audit import PortalError
from members.services.memberships import membership_request as request_membership
from members.services.officers import officer_end
from members.services.officers import officer_request as request_officer_link


def _bound(request):
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def officer_request(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    open_link = (
        Officer.objects.filter(
            user=request.user,
            municipality=municipality,
            status__in=(Officer.Status.REQUESTED, Officer.Status.APPROVED),
        )
        .only("status")
        .first()
    )
    form = OfficerRequestForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            request_officer_link(actor=request.user, municipality=municipality, **form.cleaned_data)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your request to become an officer of %(m)s has been sent. You will "
                    "find the decision on this page."
                )
                % {"m": municipality.name},
            )
            return redirect("members:my_requests")
    context = {"municipality": municipality, "form": form, "open_link": open_link}
    status = 400 if request.method == "POST" else 200
    return render(request, "members/officer_request.html", context, status=status)


def networks_open_to(municipality):
    """Networks the municipality may ask to join: not a member, no request waiting."""
    taken = Membership.objects.filter(
        network=OuterRef("pk"),
        municipality=municipality,
        status__in=(Membership.Status.ACTIVE, Membership.Status.REQUESTED),
    )
    return Network.objects.filter(~Exists(taken)).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def membership_request(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    if not request.viewer.is_officer_of(municipality):
        raise PermissionDenied
    networks = networks_open_to(municipality)
    form = MembershipRequestForm(_bound(request), networks=networks)
    if request.method == "POST" and form.is_valid():
        network = form.cleaned_data["network"]
        try:
            request_membership(
                actor=request.user,
                municipality=municipality,
                network=network,
                message=form.cleaned_data["message"],
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The request for %(m)s to join %(n)s has been sent.")
                % {"m": municipality.name, "n": network},
            )
            return redirect("members:my_requests")
    context = {"municipality": municipality, "form": form, "has_networks": networks.exists()}
    status = 400 if request.method == "POST" else 200
    return render(request, "members/membership_request.html", context, status=status)


SHOWN_OFFICER_FIELDS = (
    "municipality",
    "role_title",
    "status",
    "requested_at",
    "decided_at",
    "decision_reason",
)
SHOWN_MEMBERSHIP_FIELDS = (
    "municipality",
    "network",
    "status",
    "requested_at",
    "joined_on",
    "decision_reason",
)


@login_required
@require_GET
def my_requests(request):
    viewer = request.viewer
    # Only the columns the page shows: a municipality's and a network's rows also hold
    # their search vectors and descriptions, which the page would read and never show.
    officer_links = (
        Officer.objects.filter(user=request.user)
        .select_related("municipality")
        .only(*SHOWN_OFFICER_FIELDS, "municipality__name", "municipality__slug")
        .order_by("-requested_at", "-pk")
    )
    municipalities = Municipality.objects.filter(pk__in=viewer.officer_of).only("name", "slug")
    membership_requests = (
        Membership.objects.filter(municipality__in=viewer.officer_of, requested_at__isnull=False)
        .select_related("municipality", "network")
        .only(
            *SHOWN_MEMBERSHIP_FIELDS,
            "municipality__name",
            "municipality__slug",
            "network__name",
            "network__slug",
        )
        .order_by("-requested_at", "-pk")
    )
    context = {
        "officer_links": officer_links,
        "municipalities": municipalities,
        "membership_requests": membership_requests,
    }
    return render(request, "members/my_requests.html", context)


@login_required
@require_POST
def officer_step_down(request, pk):
    officer = get_object_or_404(
        Officer.objects.select_related("municipality"),
        pk=pk,
        user=request.user,
        status=Officer.Status.APPROVED,
    )
    officer_end(actor=request.user, officer=officer)
    messages.success(
        request,
        _("You are no longer an officer of %(m)s.") % {"m": officer.municipality.name},
    )
    return redirect("members:my_requests")

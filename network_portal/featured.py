"""Featured projects in the network admins' workspace (verwaltung/<network>/projekte/): the
admins pick projects of the network's members for the network page and set their order.

It spans members (networks, admins) and projects, so it lives on the top floor (STYLE §0).
Access as in the rest of the workspace (members.workspace_access): visitors sign in first,
admins without two factors set them up, another network answers 403, a project that is
not featured in this network 404. Everything works without JavaScript: a search form
(GET) bounds the candidates, and every change is a POST button that redirects back.
"""

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.ordering import MoveForm
from members.models import Membership
from members.services.audit import PortalError
from members.workspace_access import get_network_for_admin, workspace_view
from network_portal.models import FeaturedProject
from network_portal.services_featured import (
    featurable_projects,
    featured_add,
    featured_move,
    featured_remove,
)
from projects.models import Project

CANDIDATES_SHOWN = 20


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search the members' projects"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("A title or a word from the summary."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class FeatureForm(forms.Form):
    """The project to feature, by slug; any project outside the candidates (another
    network's, an invisible one, one featured already) is refused like an unknown one."""

    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": gettext_lazy(
                "This project cannot be featured: it is not a project of the network's "
                "members, or it is featured already."
            ),
            "required": gettext_lazy("Please choose a project."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = candidates


def _candidates(viewer, network):
    featured = FeaturedProject.objects.filter(network=network, project=OuterRef("pk"))
    return featurable_projects(viewer, network).filter(~Exists(featured))


def _render(request, network, *, search_form=None, feature_form=None, error="", status=200):
    viewer = request.viewer
    if search_form is None:
        search_form = CandidateSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    candidates = _candidates(viewer, network).select_related("lead_municipality")
    candidates = candidates.search(query) if query else candidates.order_by("title", "pk")
    active_lead = Membership.objects.active().filter(
        network=network, municipality=OuterRef("project__lead_municipality")
    )
    featured = (
        FeaturedProject.objects.filter(
            network=network, project__in=Project.objects.visible_to(viewer)
        )
        .select_related("project__lead_municipality", "featured_by")
        .annotate(lead_is_member=Exists(active_lead))
        .order_by("position", "pk")
    )
    context = {
        "network": network,
        "featured": featured,
        "search_form": search_form,
        "query": query,
        "candidates": candidates[:CANDIDATES_SHOWN],
        "candidates_limit": CANDIDATES_SHOWN,
        "feature_form": feature_form,
        "error": error,
    }
    return render(request, "members/featured_projects.html", context, status=status)


@workspace_view
@require_GET
def featured_projects(request, slug):
    network = get_network_for_admin(request, slug)
    search_form = CandidateSearchForm(request.GET or None)
    status = 400 if request.GET and not search_form.is_valid() else 200
    return _render(request, network, search_form=search_form, status=status)


@workspace_view
@require_POST
def featured_project_add(request, slug):
    network = get_network_for_admin(request, slug)
    form = FeatureForm(request.POST, candidates=_candidates(request.viewer, network))
    if form.is_valid():
        project = form.cleaned_data["project"]
        try:
            featured_add(actor=request.user, network=network, project=project)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("“%(p)s” is now featured on the page of %(n)s.")
                % {"p": project.title, "n": network.name},
            )
            return redirect("featured_projects", slug=network.slug)
    return _render(
        request, network, search_form=CandidateSearchForm(), feature_form=form, status=400
    )


def _featured_row(request, network, project_slug) -> FeaturedProject:
    return get_object_or_404(
        FeaturedProject.objects.select_related("project"),
        network=network,
        project__slug=project_slug,
        project__in=Project.objects.visible_to(request.viewer),
    )


@workspace_view
@require_POST
def featured_project_move(request, slug, project):
    network = get_network_for_admin(request, slug)
    row = _featured_row(request, network, project)
    form = MoveForm(request.POST)
    if not form.is_valid():
        error = _("Choose whether to move the project up or down.")
        return _render(request, network, error=error, status=400)
    featured_move(
        actor=request.user,
        network=network,
        project=row.project,
        direction=form.cleaned_data["direction"],
    )
    messages.success(request, _("The order has been saved."))
    return redirect("featured_projects", slug=network.slug)


@workspace_view
@require_POST
def featured_project_remove(request, slug, project):
    network = get_network_for_admin(request, slug)
    row = _featured_row(request, network, project)
    featured_remove(actor=request.user, network=network, project=row.project)
    messages.success(
        request,
        _("“%(p)s” is no longer featured on the page of %(n)s.")
        % {"p": row.project.title, "n": network.name},
    )
    return redirect("featured_projects", slug=network.slug)

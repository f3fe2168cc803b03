"""Adoptions, from a project's page: an officer records that their municipality uses the
project (projekte/<slug>/uebernommen/), changes or removes that record; the lead
municipality's officers confirm it.

Access: visitors sign in first; a project the viewer may not see answers 404 (through
Project.objects.visible_to, the one access rule), as does an adoption of another project;
a visible project or adoption the viewer has no right to act on answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.services.audit import PortalError
from projects.forms_adoptions import AdoptionForm, AdoptionRecordForm
from projects.models import Adoption, Project
from projects.services_adoptions import (
    adopting_municipalities,
    adoption_confirm,
    adoption_record,
    adoption_remove,
    adoption_update,
    can_change_adoption,
    can_confirm_adoption,
)


def _bound(request):
    return request.POST if request.method == "POST" else None


def get_visible_project(request, slug) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.viewer).select_related("lead_municipality"),
        slug=slug,
    )


def get_visible_adoption(request, slug, municipality) -> Adoption:
    project = get_visible_project(request, slug)
    adoption = get_object_or_404(
        Adoption.objects.select_related("municipality"),
        project=project,
        municipality__slug=municipality,
    )
    adoption.project = project
    return adoption


@login_required
@require_http_methods(["GET", "POST"])
def adoption_create(request, slug):
    project = get_visible_project(request, slug)
    viewer = request.viewer
    # Officers of another municipality record adoptions; anyone else may not.
    if not viewer.officer_of - {project.lead_municipality_id}:
        raise PermissionDenied
    municipalities = list(adopting_municipalities(viewer, project))
    form = AdoptionRecordForm(
        _bound(request),
        municipalities=adopting_municipalities(viewer, project),
        initial={"kind": Adoption.Kind.ADAPTED},
    )
    if request.method == "POST" and municipalities and form.is_valid():
        municipality = form.cleaned_data.get("municipality") or municipalities[0]
        try:
            adoption_record(
                actor=request.user,
                project=project,
                municipality=municipality,
                kind=form.cleaned_data["kind"],
                adopted_on=form.cleaned_data["adopted_on"],
                notes=form.cleaned_data["notes"],
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Recorded: %(m)s uses “%(p)s”. The lead municipality's officers can confirm it.")
                % {"m": municipality.name, "p": project.title},
            )
            return redirect(project)
    context = {
        "project": project,
        "form": form,
        "municipalities": municipalities,
        "recorded": Adoption.objects.filter(
            project=project, municipality__in=viewer.officer_of
        ).select_related("municipality"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "projects/adoption_create.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_edit(request, slug, municipality):
    adoption = get_visible_adoption(request, slug, municipality)
    if not can_change_adoption(request.viewer, adoption):
        raise PermissionDenied
    initial = {"kind": adoption.kind, "adopted_on": adoption.adopted_on, "notes": adoption.notes}
    form = AdoptionForm(_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        adoption_update(actor=request.user, adoption=adoption, **form.cleaned_data)
        messages.success(
            request,
            _("The adoption of “%(p)s” by %(m)s has been saved.")
            % {"p": adoption.project.title, "m": adoption.municipality.name},
        )
        return redirect(adoption.project)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "projects/adoption_edit.html",
        {"adoption": adoption, "project": adoption.project, "form": form},
        status=status,
    )


@login_required
@require_POST
def adoption_delete(request, slug, municipality):
    adoption = get_visible_adoption(request, slug, municipality)
    if not can_change_adoption(request.viewer, adoption):
        raise PermissionDenied
    adoption_remove(actor=request.user, adoption=adoption)
    messages.success(
        request,
        _("The adoption of “%(p)s” by %(m)s has been removed.")
        % {"p": adoption.project.title, "m": adoption.municipality.name},
    )
    return redirect(adoption.project)


@login_required
@require_POST
def adoption_confirm_view(request, slug, municipality):
    adoption = get_visible_adoption(request, slug, municipality)
    if not can_confirm_adoption(request.viewer, adoption):
        raise PermissionDenied
    adoption_confirm(actor=request.user, adoption=adoption)
    messages.success(
        request,
        _("Confirmed: %(m)s uses “%(p)s”.")
        % {"m": adoption.municipality.name, "p": adoption.project.title},
    )
    return redirect(adoption.project)

"""Creating and editing projects, their history and restoring an earlier version.

Who may: officers of the lead municipality, and staff (core.access's can_edit_project).
Visitors are sent to sign in; a project the person can see but not edit answers 403, one
they cannot see (members only) 404, as if it did not exist."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.kept import kept_part
from core.markdown import markdown_previews
from members.models import Municipality
from members.pictures import Picture
from members.pictures_forms import PictureForm
from members.pictures_services import picture_remove
from members.pictures_views import add_picture_from_form
from members.services.audit import PortalError
from projects.forms import ProjectForm, form_values, partner_candidates
from projects.history import changes_since, project_versions
from projects.models import Project
from projects.services import ProjectConflict, project_create, project_restore, project_update

SEARCH, PREVIEW, SAVE = "search", "preview", "save"
MARKDOWN_FIELDS = ("description", "lessons_worked", "lessons_failed", "lessons_differently")


def project_for_editor(request, slug) -> Project:
    """The project named `slug` if the viewer may edit it; 403 if they may only read it,
    404 if they may not even see it."""
    project = get_object_or_404(Project.objects.select_related("lead_municipality"), slug=slug)
    viewer = request.viewer
    if viewer.can_edit_project(project):
        return project
    if Project.objects.visible_to(viewer).filter(pk=project.pk).exists():
        raise PermissionDenied
    raise Http404


def _form_page(request, *, lead: Municipality, project: Project | None):
    instance = project or Project(lead_municipality=lead)
    context = {"lead": lead, "project": project}
    if project is not None:
        context |= {"pictures": Picture.objects.of(project), "picture_form": PictureForm()}

    def page(form, status=200, **extra):
        # `extra` may replace the picture form (with its errors, after a failed upload).
        return render(
            request, "projects/project_form.html", {**context, "form": form, **extra}, status=status
        )

    def new_form(*args, **kwargs):
        return ProjectForm(*args, instance=copy.copy(instance), lead_municipality=lead, **kwargs)

    if request.method == "GET":
        # The form as it stands is the same for everyone who may edit the project (their
        # own CSRF token put in): kept per address, language and content generation, so
        # the 150 inputs are not rendered for every request (core.kept).
        def form_part():
            form = new_form(initial={"version": instance.version})
            part_context = {**context, "form": form}
            return render_to_string("projects/_project_form.html", part_context, request), 200

        form_html, _status = kept_part(request, "project-form", form_part)
        return render(request, "projects/project_form.html", {**context, "form_html": form_html})
    action = request.POST.get("action", SAVE)
    if action in (SEARCH, PREVIEW):
        # Shows the form again with what was typed, judged only when saved.
        values = form_values(new_form(request.POST), request.POST)
        if action == PREVIEW:
            form = new_form(initial=values)
            return page(form, previews=markdown_previews(form, MARKDOWN_FIELDS))
        query = values.get("partner_query", "")
        found = partner_candidates(query, exclude_municipality=lead.pk)
        return page(new_form(initial=values, candidates=found), searched=query, found=found)
    form = new_form(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if project is None:
                saved = project_create(actor=request.user, lead_municipality=lead, data=data)
            else:
                saved = project_update(
                    actor=request.user, project=project, data=data, version=data["version"] or 0
                )
        except ProjectConflict as conflict:
            # Keeps what was typed, now on top of the current version: saving again is a
            # decision taken with the other person's changes in view.
            typed = request.POST.copy()
            typed["version"] = conflict.current.version
            return page(
                ProjectForm(typed, instance=conflict.current, lead_municipality=lead),
                status=409,
                conflict=conflict.message,
                changes=changes_since(conflict.current, conflict.loaded_version),
            )
        except PermissionError as error:
            raise PermissionDenied from error
        except ValidationError as error:
            form.add_error(None, error)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            if project is None:
                messages.success(request, _("The project “%(t)s” was created.") % {"t": saved})
            else:
                messages.success(request, _("Your changes to “%(t)s” were saved.") % {"t": saved})
            return redirect(saved)
    return page(form, status=400)


@login_required
@require_GET
def project_new(request):
    """ "New project" from the project list: the form of the officer's municipality, or a
    choice when they are the officer of several."""
    municipalities = Municipality.objects.filter(pk__in=request.viewer.officer_of).order_by("name")
    municipalities = list(municipalities.only("name", "slug"))
    if len(municipalities) == 1:
        return redirect("projects:project_create", slug=municipalities[0].slug)
    return render(request, "projects/project_form_choose.html", {"municipalities": municipalities})


@login_required
@require_http_methods(["GET", "POST"])
def project_create_view(request, slug):
    lead = get_object_or_404(Municipality, slug=slug)
    if not request.viewer.can_edit_municipality(lead):
        raise PermissionDenied
    return _form_page(request, lead=lead, project=None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, slug):
    project = project_for_editor(request, slug)
    return _form_page(request, lead=project.lead_municipality, project=project)


@login_required
@require_GET
def project_history(request, slug):
    project = project_for_editor(request, slug)
    versions = project_versions(project, viewer_user_id=request.user.pk)
    return render(
        request, "projects/project_history.html", {"project": project, "versions": versions}
    )


@login_required
@require_POST
def project_restore_view(request, slug, record):
    project = project_for_editor(request, slug)
    version = get_object_or_404(project.history.all(), history_id=record)
    try:
        project_restore(actor=request.user, project=project, record=version)
    except PermissionError as error:
        raise PermissionDenied from error
    except (PortalError, ValidationError):
        messages.error(request, _("This version could not be restored."))
        return redirect("projects:project_history", slug=project.slug)
    messages.success(
        request,
        _("The version of %(date)s was restored. Its restore is a new version in the history.")
        % {"date": date_format(localtime(version.history_date), "DATETIME_FORMAT")},
    )
    return redirect("projects:project_history", slug=project.slug)


@login_required
@require_GET
def partner_suggestions(request):
    """Partner names for the project form's search as one types (static/js): for those who
    edit projects only."""
    viewer = request.viewer
    if not (viewer.is_officer or viewer.is_staff):
        raise PermissionDenied
    municipalities, organizations = partner_candidates(request.GET.get("q", ""))
    return JsonResponse(
        {
            "municipalities": [{"id": pk, "name": name} for pk, name in municipalities],
            "organizations": [{"id": pk, "name": name} for pk, name in organizations],
        }
    )


@login_required
@require_POST
def project_picture_add(request, slug):
    project = project_for_editor(request, slug)
    picture_form = PictureForm(request.POST, request.FILES)
    if add_picture_from_form(request, project, picture_form):
        return redirect("projects:project_edit", slug=project.slug)
    form = ProjectForm(
        instance=project,
        lead_municipality=project.lead_municipality,
        initial={"version": project.version},
    )
    context = {
        "lead": project.lead_municipality,
        "project": project,
        "form": form,
        "pictures": Picture.objects.of(project),
        "picture_form": picture_form,
    }
    return render(request, "projects/project_form.html", context, status=400)


@login_required
@require_POST
def project_picture_remove(request, slug, picture):
    project = project_for_editor(request, slug)
    picture = get_object_or_404(Picture.objects.of(project), uuid=picture)
    picture_remove(actor=request.user, picture=picture)
    messages.success(request, _("The picture has been removed."))
    return redirect("projects:project_edit", slug=project.slug)

"""publiccode.yml of a project (projects/publiccode.py): its editor fills the project form from
one (upload or repository address; the form is shown for review, nothing is saved until they
save it there), and every open-source project offers its own for download."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.access import Visibility
from members.models import Municipality
from projects import publiccode
from projects.forms import ProjectForm
from projects.models import Project
from projects.views_edit import project_for_editor


class PubliccodeForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("publiccode.yml file"),
        required=False,
        help_text=gettext_lazy("At most 1 MB."),
    )
    url = forms.URLField(
        label=gettext_lazy("or the address of the repository"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "For example https://gitlab.opencode.de/… or https://github.com/…; "
            "the portal reads publiccode.yml from its main branch."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > publiccode.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Upload a file or give a repository address (one)."))
        return data


def _import_page(request, *, lead, project):
    """The upload/address form; a good file shows the project form (of `project`, or a new
    project of `lead`) filled for review, posting to the edit or create page."""
    if project is None:
        target = reverse("projects:project_create", kwargs={"slug": lead.slug})
        back = target
        here = reverse("projects:publiccode_import_new", kwargs={"slug": lead.slug})
        title = _("New project of %(name)s") % {"name": lead.name}
    else:
        target = reverse("projects:project_edit", kwargs={"slug": project.slug})
        back = target
        here = reverse("projects:publiccode_import", kwargs={"slug": project.slug})
        title = project.title

    def page(form, status=200, problems=()):
        return render(
            request,
            "projects/publiccode_import.html",
            {"title": title, "back": back, "here": here, "form": form, "problems": problems},
            status=status,
        )

    if request.method == "GET":
        return page(PubliccodeForm())
    form = PubliccodeForm(request.POST, request.FILES)
    if not form.is_valid():
        return page(form, status=400)
    try:
        if form.cleaned_data["file"]:
            text = form.cleaned_data["file"].read(publiccode.MAX_BYTES + 1)
        else:
            text = publiccode.fetch(form.cleaned_data["url"])
        data = publiccode.parse(text)
    except publiccode.PubliccodeError as error:
        return page(form, status=400, problems=error.errors)
    values = publiccode.project_values(data)
    instance = project or Project(lead_municipality=lead)
    review = ProjectForm(
        instance=instance, lead_municipality=lead, initial={**values, "version": instance.version}
    )
    messages.info(
        request,
        _(
            "The form holds the values from publiccode.yml. Nothing is saved yet: check them "
            "and save the project to keep them."
        ),
    )
    return render(
        request,
        "projects/project_form.html",
        {"lead": lead, "project": project, "form": review, "form_action": target},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publiccode_import(request, slug):
    project = project_for_editor(request, slug)
    return _import_page(request, lead=project.lead_municipality, project=project)


@login_required
@require_http_methods(["GET", "POST"])
def publiccode_import_new(request, slug):
    lead = get_object_or_404(Municipality, slug=slug)
    if not request.viewer.can_edit_municipality(lead):
        raise PermissionDenied
    return _import_page(request, lead=lead, project=None)


@require_safe
def publiccode_download(request, slug):
    project = get_object_or_404(
        Project.objects.visible_to(request.viewer).select_related("lead_municipality"), slug=slug
    )
    if not publiccode.offers_publiccode(project):
        raise Http404
    response = HttpResponse(
        publiccode.generate(project), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="publiccode.yml"'
    if project.visibility != Visibility.PUBLIC:
        # Members only: never stored by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    return response

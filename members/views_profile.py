"""A municipality's officers (and staff) edit its public profile: description, facts,
contact persons and pictures; they read its history and restore an earlier version.
Anyone else gets 403, a visitor the sign-in page (core.access: viewer.can_edit_municipality).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.markdown import markdown_previews, wants_preview
from members.forms_profile import ContactPersonFormSet, MunicipalityProfileForm
from members.models import Municipality
from members.pictures import Picture
from members.pictures_forms import PictureForm
from members.pictures_services import picture_remove
from members.pictures_views import add_picture_from_form
from members.services.audit import PortalError, pseudonym
from members.services.profile import (
    PROFILE_FIELDS,
    StaleVersion,
    current_version,
    municipality_profile_update,
    municipality_restore,
)


def _municipality_for_editor(request, slug) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not request.viewer.can_edit_municipality(municipality):
        raise PermissionDenied
    return municipality


def _people(municipality, data=None):
    return ContactPersonFormSet(
        data,
        instance=municipality,
        prefix="people",
        queryset=municipality.people.order_by("name"),
    )


def _edit_page(request, municipality, form, people, *, status=200, **extra):
    context = {
        "municipality": municipality,
        "form": form,
        "people": people,
        "pictures": Picture.objects.of(municipality),
        "picture_form": extra.pop("picture_form", None) or PictureForm(),
        **extra,
    }
    return render(request, "members/municipality_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def municipality_edit(request, slug):
    municipality = _municipality_for_editor(request, slug)
    if request.method == "GET":
        form = MunicipalityProfileForm(
            instance=municipality, initial={"loaded_version": current_version(municipality)}
        )
        return _edit_page(request, municipality, form, _people(municipality))
    # Bound to a copy: a failed save must not change the municipality shown around the form.
    form = MunicipalityProfileForm(
        request.POST, instance=Municipality.objects.get(pk=municipality.pk)
    )
    people = _people(municipality, request.POST)
    if not (form.is_valid() and people.is_valid()):
        return _edit_page(request, municipality, form, people, status=400)
    if wants_preview(request):
        previews = markdown_previews(form, ["description", "description_en"])
        return _edit_page(request, municipality, form, people, previews=previews)
    try:
        municipality_profile_update(
            actor=request.user,
            municipality=form.instance,
            values={name: form.cleaned_data[name] for name in PROFILE_FIELDS},
            loaded_version=form.cleaned_data["loaded_version"],
            people=people,
        )
    except StaleVersion as error:
        form.add_error(None, error.message)
        return _edit_page(request, municipality, form, people, status=409)
    except PortalError as error:
        form.add_error(None, error.message)
        return _edit_page(request, municipality, form, people, status=400)
    messages.success(request, _("The profile of %(m)s has been saved.") % {"m": municipality})
    return redirect(municipality)


@login_required
@require_POST
def municipality_picture_add(request, slug):
    municipality = _municipality_for_editor(request, slug)
    picture_form = PictureForm(request.POST, request.FILES)
    if add_picture_from_form(request, municipality, picture_form):
        return redirect("members:municipality_edit", slug=municipality.slug)
    form = MunicipalityProfileForm(
        instance=municipality, initial={"loaded_version": current_version(municipality)}
    )
    return _edit_page(
        request, municipality, form, _people(municipality), picture_form=picture_form, status=400
    )


@login_required
@require_POST
def municipality_picture_remove(request, slug, picture):
    municipality = _municipality_for_editor(request, slug)
    picture = get_object_or_404(Picture.objects.of(municipality), uuid=picture)
    picture_remove(actor=request.user, picture=picture)
    messages.success(request, _("The picture has been removed."))
    return redirect("members:municipality_edit", slug=municipality.slug)


def _contact_persons_lines(snapshot) -> str:
    return "\n".join(
        f"{entry['name']} ({entry['role']})" if entry["role"] else entry["name"]
        for entry in snapshot
    )


def _contact_persons_change(older, newer) -> dict | None:
    """The contact persons' change between two versions, as lines "Name (role)"; None when
    they did not change or the older version did not keep them yet."""
    if older.contact_persons is None or newer.contact_persons is None:
        return None
    old, new = (_contact_persons_lines(r.contact_persons) for r in (older, newer))
    if old == new:
        return None
    return {"label": _("contact persons"), "old": old, "new": new}


def _changes(records):
    """Each version with what it changed against the one before (oldest has none)."""
    records = list(records)
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, included_fields=list(PROFILE_FIELDS))
            for change in delta.changes:
                field = Municipality._meta.get_field(change.field)
                changes.append({"label": field.verbose_name, "old": change.old, "new": change.new})
            contact_change = _contact_persons_change(older, newer)
            if contact_change:
                changes.append(contact_change)
        rows.append(
            {
                "record": newer,
                "who": pseudonym(newer.history_user_id) if newer.history_user_id else "",
                "changes": changes,
                "first": older is None,
            }
        )
    return rows


@login_required
@require_GET
def municipality_history(request, slug):
    municipality = _municipality_for_editor(request, slug)
    records = municipality.history.order_by("-history_date")[:50]
    context = {"municipality": municipality, "versions": _changes(records)}
    return render(request, "members/municipality_edit_history.html", context)


@login_required
@require_POST
def municipality_restore_version(request, slug, record):
    municipality = _municipality_for_editor(request, slug)
    version = get_object_or_404(municipality.history.all(), history_id=record)
    municipality_restore(actor=request.user, municipality=municipality, record=version)
    messages.success(
        request,
        _("The version of %(date)s has been restored.")
        % {"date": version.history_date.strftime("%d.%m.%Y %H:%M")},
    )
    return redirect("members:municipality_history", slug=municipality.slug)

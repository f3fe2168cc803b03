"""Organizers create and edit their network's events, programmes and recaps, preview and
publish them (issue 10, points 7 and 8).

Access, as everywhere (STYLE §5): visitors are sent to sign in; an event or recap the person
may not see (a draft of another network) is a 404; a public one of another network is a 403.
A form with errors comes back with what was typed and a 400; a stale edit (someone saved in
between) comes back with what was typed and a 409.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.markdown import markdown_previews, wants_preview
from core.ordering import MoveForm
from events.forms import (
    EventForm,
    HighlightForm,
    ProgrammeItemForm,
    PublishRecapForm,
    RecapForm,
)
from events.models import Event, Highlight, ProgrammeItem, Recap
from events.services import (
    EditConflict,
    event_create,
    event_publish,
    event_unpublish,
    event_update,
    highlight_add,
    highlight_move,
    highlight_remove,
    highlight_update,
    programme_item_move,
    programme_item_remove,
    programme_item_save,
    recap_create,
    recap_publish,
    recap_unpublish,
    recap_update,
)
from events.views import recap_context
from members.models import Municipality, Network
from members.pictures import Picture
from members.pictures_forms import PictureForm
from members.pictures_services import picture_remove
from members.pictures_views import add_picture_from_form
from members.services.audit import PortalError
from projects.models import Project, Topic


def _bound(request):
    return request.POST if request.method == "POST" else None


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


def get_event_for_editor(request, slug) -> Event:
    """The event `slug` for one of its editors: 404 when the person may not see it, 403
    when they see it but may not edit it."""
    event = get_object_or_404(
        Event.objects.visible_to(request.viewer).select_related("network", "city"), slug=slug
    )
    if not request.viewer.can_edit_event(event):
        raise PermissionDenied
    return event


def get_recap_for_editor(request, slug) -> Recap:
    recap = get_object_or_404(
        Recap.objects.visible_to(request.viewer).select_related("event", "event__network"),
        slug=slug,
    )
    if not request.viewer.can_edit_event(recap.event):
        raise PermissionDenied
    return recap


def organized_networks(viewer):
    if viewer.sees_everything:
        return Network.objects.order_by("name")
    return Network.objects.filter(pk__in=viewer.organizer_of | viewer.admin_of).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def event_create_view(request):
    if not request.viewer.organizes_any:
        raise PermissionDenied
    form = EventForm(_bound(request), networks=organized_networks(request.viewer))
    if wants_preview(request):
        form.is_valid()  # shows the errors beside the preview; nothing is saved
        context = {
            "form": form,
            "event": None,
            "previews": markdown_previews(form, ["description", "description_en"]),
        }
        return render(request, "events/event_form.html", context)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        network = data.pop("network")
        try:
            event = event_create(actor=request.user, network=network, data=data)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The event “%(t)s” has been saved as a draft. Only its editors see it.")
                % {"t": event.title},
            )
            return redirect("events:event_edit", slug=event.slug)
    return render(
        request, "events/event_form.html", {"form": form, "event": None}, status=_status(request)
    )


def _event_edit_context(event, form, picture_form=None):
    programme = event.programme.prefetch_related("speakers", "guest_speakers")
    recaps = event.recaps.order_by("-published_at", "title")
    return {
        "form": form,
        "event": event,
        "programme": programme,
        "recaps": recaps,
        "pictures": Picture.objects.of(event),
        "picture_form": picture_form or PictureForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug):
    event = get_event_for_editor(request, slug)
    if request.method == "GET":
        form = EventForm(initial=EventForm.initial_for(event))
        return render(request, "events/event_form.html", _event_edit_context(event, form))
    form = EventForm(request.POST)
    if wants_preview(request):
        form.is_valid()  # shows the errors beside the preview; nothing is saved
        context = _event_edit_context(event, form)
        context["previews"] = markdown_previews(form, ["description", "description_en"])
        return render(request, "events/event_form.html", context)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            event = event_update(actor=request.user, event=event, data=data, version=version)
        except EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes to the event have been saved."))
            return redirect("events:event_edit", slug=event.slug)
    return render(
        request, "events/event_form.html", _event_edit_context(event, form), status=status
    )


@login_required
@require_POST
def event_publish_view(request, slug):
    event = get_event_for_editor(request, slug)
    try:
        event = event_publish(actor=request.user, event=event)
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("events:event_edit", slug=event.slug)
    messages.success(request, _("The event is published: everyone can see it now."))
    return redirect(event)


@login_required
@require_POST
def event_unpublish_view(request, slug):
    event = get_event_for_editor(request, slug)
    try:
        event = event_unpublish(actor=request.user, event=event)
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The event is a draft again: only its editors see it and its recaps."),
        )
    return redirect("events:event_edit", slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def programme_item_edit(request, slug, pk=None):
    event = get_event_for_editor(request, slug)
    item = None
    if pk is not None:
        item = get_object_or_404(ProgrammeItem, pk=pk, event=event)
    current = item.speakers.all() if item else None
    if request.method == "GET":
        initial = ProgrammeItemForm.initial_for(item) if item else None
        form = ProgrammeItemForm(initial=initial, current_speakers=current)
    else:
        form = ProgrammeItemForm(request.POST, current_speakers=current)
        if form.is_valid():
            try:
                programme_item_save(
                    actor=request.user, event=event, item=item, data=form.cleaned_data
                )
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The programme item has been saved."))
                return redirect("events:event_edit", slug=event.slug)
    context = {"form": form, "event": event, "item": item}
    return render(request, "events/programme_item_form.html", context, status=_status(request))


@login_required
@require_POST
def programme_item_move_view(request, slug, pk):
    event = get_event_for_editor(request, slug)
    item = get_object_or_404(ProgrammeItem, pk=pk, event=event)
    form = MoveForm(request.POST)
    if not form.is_valid():
        form = EventForm(initial=EventForm.initial_for(event))
        context = _event_edit_context(event, form)
        context["move_error"] = _("Choose whether to move the item up or down.")
        return render(request, "events/event_form.html", context, status=400)
    programme_item_move(actor=request.user, item=item, direction=form.cleaned_data["direction"])
    messages.success(request, _("The order of the programme has been saved."))
    return redirect("events:event_edit", slug=event.slug)


@login_required
@require_POST
def programme_item_remove_view(request, slug, pk):
    event = get_event_for_editor(request, slug)
    item = get_object_or_404(ProgrammeItem.objects.select_related("event"), pk=pk, event=event)
    programme_item_remove(actor=request.user, item=item)
    messages.success(request, _("The programme item “%(t)s” has been removed.") % {"t": item})
    return redirect("events:event_edit", slug=event.slug)


def _recap_form(request, event, recap=None, data=None, initial=None):
    visible = Project.objects.visible_to(request.viewer).select_related("lead_municipality")
    linked = visible.filter(recaps=recap) if recap else Project.objects.none()
    municipalities = Municipality.objects.filter(
        memberships__network=event.network_id, memberships__status="active"
    )
    if event.city_id:
        municipalities = municipalities | Municipality.objects.filter(pk=event.city_id)
    if recap:
        municipalities = municipalities | Municipality.objects.filter(attended_recaps=recap)
    return RecapForm(
        data,
        initial=initial,
        projects=visible,
        linked_projects=linked,
        topics=Topic.objects.all(),
        municipalities=municipalities.distinct().order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recap_create_view(request, slug):
    event = get_event_for_editor(request, slug)
    form = _recap_form(request, event, data=_bound(request))
    if wants_preview(request):
        form.is_valid()  # shows the errors beside the preview; nothing is saved
        context = {"form": form, "event": event, "recap": None}
        context["previews"] = markdown_previews(form, ["body"])
        return render(request, "events/recap_form.html", context)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            recap = recap_create(actor=request.user, event=event, data=data)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The recap has been saved as a draft. Add quotes, preview it, then publish it."),
            )
            return redirect("events:recap_edit", slug=recap.slug)
    context = {"form": form, "event": event, "recap": None}
    return render(request, "events/recap_form.html", context, status=_status(request))


def _recap_edit_context(recap, form, highlight_form=None, picture_form=None):
    return {
        "form": form,
        "event": recap.event,
        "recap": recap,
        "pictures": Picture.objects.of(recap),
        "picture_form": picture_form or PictureForm(),
        "highlights": recap.highlights.select_related("person", "person__municipality"),
        "highlight_form": highlight_form or HighlightForm(),
        "publish_form": PublishRecapForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def recap_edit(request, slug):
    recap = get_recap_for_editor(request, slug)
    if request.method == "GET":
        form = _recap_form(request, recap.event, recap, initial=_recap_initial(recap))
        return render(request, "events/recap_form.html", _recap_edit_context(recap, form))
    form = _recap_form(request, recap.event, recap, data=request.POST)
    if wants_preview(request):
        form.is_valid()  # shows the errors beside the preview; nothing is saved
        context = _recap_edit_context(recap, form)
        context["previews"] = markdown_previews(form, ["body"])
        return render(request, "events/recap_form.html", context)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["visible_projects"] = Project.objects.visible_to(request.viewer)
        try:
            recap = recap_update(actor=request.user, recap=recap, data=data, version=version)
        except EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your changes to the recap have been saved."))
            return redirect("events:recap_edit", slug=recap.slug)
    return render(
        request, "events/recap_form.html", _recap_edit_context(recap, form), status=status
    )


@login_required
@require_http_methods(["GET"])
def recap_preview(request, slug):
    """The recap exactly as it will look, on the real recap template, marked as preview."""
    recap = get_recap_for_editor(request, slug)
    return render(request, "events/recap_detail.html", recap_context(request, recap, preview=True))


@login_required
@require_POST
def recap_publish_view(request, slug):
    recap = get_recap_for_editor(request, slug)
    form = PublishRecapForm(request.POST)
    if not form.is_valid():
        context = _recap_edit_context(
            recap, _recap_form(request, recap.event, recap, initial=_recap_initial(recap))
        )
        context["publish_form"] = form
        return render(request, "events/recap_form.html", context, status=400)
    at = form.cleaned_data["publish_at"] if form.cleaned_data["when"] == form.LATER else None
    recap = recap_publish(actor=request.user, recap=recap, at=at)
    if recap.published_at > timezone.now():
        when = formats.date_format(timezone.localtime(recap.published_at), "DATETIME_FORMAT")
        messages.success(
            request,
            _("The recap is scheduled: it appears everywhere from %(when)s on.") % {"when": when},
        )
    else:
        messages.success(request, _("The recap is published: everyone can see it now."))
    return redirect("events:recap_edit", slug=recap.slug)


def _recap_initial(recap):
    return {
        "title": recap.title,
        "title_en": recap.title_en,
        "body": recap.body,
        "summary_en": recap.summary_en,
        "projects": list(recap.projects.all()),
        "topics": list(recap.topics.all()),
        "municipalities": list(recap.municipalities.all()),
        "version": recap.version,
    }


@login_required
@require_POST
def recap_unpublish_view(request, slug):
    recap = get_recap_for_editor(request, slug)
    recap_unpublish(actor=request.user, recap=recap)
    messages.success(request, _("The recap is a draft again: only its editors see it."))
    return redirect("events:recap_edit", slug=recap.slug)


@login_required
@require_POST
def highlight_add_view(request, slug):
    recap = get_recap_for_editor(request, slug)
    form = HighlightForm(request.POST)
    if form.is_valid():
        try:
            highlight_add(actor=request.user, recap=recap, data=form.cleaned_data)
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The quote has been added."))
            return redirect("events:recap_edit", slug=recap.slug)
    recap_form = _recap_form(request, recap.event, recap, initial=_recap_initial(recap))
    context = _recap_edit_context(recap, recap_form, highlight_form=form)
    return render(request, "events/recap_form.html", context, status=400)


def _highlight_of(recap, pk) -> Highlight:
    return get_object_or_404(
        Highlight.objects.select_related("person", "recap__event"), pk=pk, recap=recap
    )


@login_required
@require_http_methods(["GET", "POST"])
def highlight_edit(request, slug, pk):
    recap = get_recap_for_editor(request, slug)
    highlight = _highlight_of(recap, pk)
    if request.method == "GET":
        form = HighlightForm(initial=HighlightForm.initial_for(highlight))
    else:
        form = HighlightForm(request.POST)
        if form.is_valid():
            try:
                highlight_update(actor=request.user, highlight=highlight, data=form.cleaned_data)
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The quote has been saved."))
                return redirect("events:recap_edit", slug=recap.slug)
    context = {"form": form, "recap": recap, "event": recap.event, "highlight": highlight}
    return render(request, "events/highlight_form.html", context, status=_status(request))


@login_required
@require_POST
def highlight_move_view(request, slug, pk):
    recap = get_recap_for_editor(request, slug)
    highlight = _highlight_of(recap, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        recap_form = _recap_form(request, recap.event, recap, initial=_recap_initial(recap))
        context = _recap_edit_context(recap, recap_form)
        context["move_error"] = _("Choose whether to move the quote up or down.")
        return render(request, "events/recap_form.html", context, status=400)
    direction = form.cleaned_data["direction"]
    highlight_move(actor=request.user, highlight=highlight, direction=direction)
    messages.success(request, _("The order of the quotes has been saved."))
    return redirect("events:recap_edit", slug=recap.slug)


@login_required
@require_POST
def highlight_remove_view(request, slug, pk):
    recap = get_recap_for_editor(request, slug)
    highlight = _highlight_of(recap, pk)
    highlight_remove(actor=request.user, highlight=highlight)
    messages.success(request, _("The quote has been removed."))
    return redirect("events:recap_edit", slug=recap.slug)


@login_required
@require_POST
def event_picture_add(request, slug):
    event = get_event_for_editor(request, slug)
    picture_form = PictureForm(request.POST, request.FILES)
    if add_picture_from_form(request, event, picture_form):
        return redirect("events:event_edit", slug=event.slug)
    form = EventForm(initial=EventForm.initial_for(event))
    context = _event_edit_context(event, form, picture_form=picture_form)
    return render(request, "events/event_form.html", context, status=400)


@login_required
@require_POST
def event_picture_remove(request, slug, picture):
    event = get_event_for_editor(request, slug)
    picture = get_object_or_404(Picture.objects.of(event), uuid=picture)
    picture_remove(actor=request.user, picture=picture)
    messages.success(request, _("The picture has been removed."))
    return redirect("events:event_edit", slug=event.slug)


@login_required
@require_POST
def recap_picture_add(request, slug):
    recap = get_recap_for_editor(request, slug)
    picture_form = PictureForm(request.POST, request.FILES)
    if add_picture_from_form(request, recap, picture_form):
        return redirect("events:recap_edit", slug=recap.slug)
    form = _recap_form(request, recap.event, recap, initial=_recap_initial(recap))
    context = _recap_edit_context(recap, form, picture_form=picture_form)
    return render(request, "events/recap_form.html", context, status=400)


@login_required
@require_POST
def recap_picture_remove(request, slug, picture):
    recap = get_recap_for_editor(request, slug)
    picture = get_object_or_404(Picture.objects.of(recap), uuid=picture)
    picture_remove(actor=request.user, picture=picture)
    messages.success(request, _("The picture has been removed."))
    return redirect("events:recap_edit", slug=recap.slug)

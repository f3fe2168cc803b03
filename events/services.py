"""Writes to events and recaps (STYLE §4): create and edit, the programme, highlights,
publishing. Every function checks the acting person's right itself (core.access via
members.access.viewer_for), so a forged request cannot get round the views.

Conflict protection (issue 10, point 10): events and recaps carry a `version`; an edit
that was loaded at an older version raises EditConflict instead of overwriting.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.activity import EVENT_PUBLISHED, RECAP_PUBLISHED, activity_record
from core.ordering import moved, save_order
from events.models import Event, Highlight, ProgrammeItem, ProgrammeSpeaker, Recap
from members.access import viewer_for
from members.models import AuditEntry, Network
from members.services.audit import PortalError, audit_record

# Path segments under veranstaltungen/ and rueckblicke/ that are pages, not slugs.
RESERVED_SLUGS = {"neu"}


class EditConflict(PortalError):
    """Someone saved the object after the form was loaded."""


def _unique_slug(model, title: str) -> str:
    base = (slugify(title) or "eintrag")[:180]
    slug, n = base, 1
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_editor(actor, event: Event) -> None:
    if not viewer_for(actor).can_edit_event(event):
        raise PermissionError


def _check_version(obj, version: int | None) -> None:
    if version is not None and version != obj.version:
        raise EditConflict(
            _(
                "Someone else saved this in the meantime. Your changes were not saved: "
                "they are kept below. Please compare with the current version (open the page "
                "again in a new tab), then save once more."
            )
        )


EVENT_FIELDS = (
    "title",
    "kind",
    "series",
    "edition",
    "venue",
    "city",
    "starts_on",
    "ends_on",
    "online_url",
    "description",
    "title_en",
    "description_en",
)


def event_create(*, actor, network: Network, data: dict) -> Event:
    """A new event of `network`, as a draft that only its editors see."""
    if not viewer_for(actor).can_organize(network):
        raise PermissionError
    with transaction.atomic():
        event = Event(network=network, status=Event.Status.DRAFT)
        for name in EVENT_FIELDS:
            setattr(event, name, data.get(name, getattr(event, name)))
        event.slug = _unique_slug(Event, event.title)
        event.full_clean(exclude=["search_vector"])
        event.save()
    return event


def event_update(*, actor, event: Event, data: dict, version: int | None) -> Event:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_editor(actor, event)
        _check_version(event, version)
        for name in EVENT_FIELDS:
            if name in data:
                setattr(event, name, data[name])
        event.version += 1
        event.full_clean(exclude=["search_vector"])
        event.save()
    return event


def _event_status_change(*, actor, event: Event, status: str, refusal: str) -> Event:
    """Publishes a draft event or takes a published one back to a draft (its recaps follow:
    a recap is public only with a published event); an audit entry records who did it."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_editor(actor, event)
        if event.status == status:
            raise PortalError(refusal)
        before = event.status
        event.status = status
        event.published_at = timezone.now() if status == Event.Status.PUBLISHED else None
        event.version += 1
        event.save(update_fields=["status", "published_at", "version"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.VISIBILITY_CHANGED,
            target=event,
            label=event.title,
            network=event.network_id,
            before={"status": before},
            after={"status": status},
        )
        if status == Event.Status.PUBLISHED:
            activity_record(EVENT_PUBLISHED, obj=event, actor=actor)
    return event


def event_publish(*, actor, event: Event) -> Event:
    """Makes a draft event public."""
    refusal = _("This event is already published.")
    return _event_status_change(
        actor=actor, event=event, status=Event.Status.PUBLISHED, refusal=refusal
    )


def event_unpublish(*, actor, event: Event) -> Event:
    """Takes a published event back to a draft, seen by its editors only."""
    refusal = _("This event is a draft already.")
    return _event_status_change(
        actor=actor, event=event, status=Event.Status.DRAFT, refusal=refusal
    )


def programme_item_save(
    *, actor, event: Event, data: dict, item: ProgrammeItem | None = None
) -> ProgrammeItem:
    """Adds an item to the programme of `event` (item None) or changes one of its items."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_editor(actor, event)
        if item is None:
            last = event.programme.order_by("-position").values_list("position", flat=True)
            item = ProgrammeItem(event=event, position=(last.first() or 0) + 1)
        elif item.event_id != event.pk:
            raise PermissionError
        for name in ("title", "kind", "starts_at", "description"):
            setattr(item, name, data[name])
        item.full_clean()
        item.save()
        item.speakers.set(data["speakers"])
        item.guest_speakers.all().delete()
        ProgrammeSpeaker.objects.bulk_create(
            ProgrammeSpeaker(item=item, name=name, role=role, position=position)
            for position, (name, role) in enumerate(data["guests"], start=1)
        )
    return item


def programme_item_remove(*, actor, item: ProgrammeItem) -> None:
    with transaction.atomic():
        _check_editor(actor, item.event)
        item.delete()


def programme_item_move(*, actor, item: ProgrammeItem, direction: str) -> None:
    """Moves the item one place up or down in its event's programme (nothing at either end)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=item.event_id)
        _check_editor(actor, event)
        items = list(event.programme.order_by("position", "starts_at", "pk"))
        reordered = moved(items, item.pk, direction, first=1)
        if reordered:
            save_order(reordered)


RECAP_FIELDS = ("title", "title_en", "body", "summary_en")


def _recap_links(recap: Recap, data: dict) -> None:
    for name in ("projects", "topics", "municipalities"):
        if name in data:
            getattr(recap, name).set(data[name])


def recap_create(*, actor, event: Event, data: dict) -> Recap:
    """A new recap of `event`, as a draft."""
    _check_editor(actor, event)
    with transaction.atomic():
        recap = Recap(event=event, status=Recap.Status.DRAFT, author=actor)
        for name in RECAP_FIELDS:
            setattr(recap, name, data[name])
        recap.slug = _unique_slug(Recap, recap.title)
        recap.full_clean(exclude=["search_vector"])
        recap.save()
        _recap_links(recap, data)
    return recap


def recap_update(*, actor, recap: Recap, data: dict, version: int | None) -> Recap:
    """Changes a recap's text and links. The links a person cannot see (another network's
    members-only project) are kept: the form only offers what they may see."""
    with transaction.atomic():
        recap = Recap.objects.select_for_update().select_related("event").get(pk=recap.pk)
        _check_editor(actor, recap.event)
        _check_version(recap, version)
        for name in RECAP_FIELDS:
            setattr(recap, name, data[name])
        recap.version += 1
        recap.full_clean(exclude=["search_vector"])
        recap.save()
        if "projects" in data:
            hidden = recap.projects.exclude(pk__in=data["visible_projects"].values("pk"))
            data = {**data, "projects": [*data["projects"], *hidden]}
        _recap_links(recap, data)
    return recap


def recap_publish(*, actor, recap: Recap, at=None) -> Recap:
    """Publishes a recap now (at None) or schedules it for `at`: it appears everywhere from
    then on (Recap.objects.published())."""
    now = timezone.now()
    if at is not None and at <= now:
        at = None
    with transaction.atomic():
        recap = Recap.objects.select_for_update().select_related("event").get(pk=recap.pk)
        _check_editor(actor, recap.event)
        before = {"status": recap.status, "published_at": _iso(recap.published_at)}
        recap.status = Recap.Status.PUBLISHED
        recap.published_at = at or now
        recap.version += 1
        recap.save(update_fields=["status", "published_at", "version"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.VISIBILITY_CHANGED,
            target=recap,
            label=recap.title,
            network=recap.event.network_id,
            before=before,
            after={"status": recap.status, "published_at": _iso(recap.published_at)},
        )
        # A scheduled recap is announced by the following app once its time has come.
        activity_record(RECAP_PUBLISHED, obj=recap, actor=actor, occurred_at=recap.published_at)
    return recap


def recap_unpublish(*, actor, recap: Recap) -> Recap:
    """Takes a recap (published or scheduled) back to a draft."""
    with transaction.atomic():
        recap = Recap.objects.select_for_update().select_related("event").get(pk=recap.pk)
        _check_editor(actor, recap.event)
        before = {"status": recap.status, "published_at": _iso(recap.published_at)}
        recap.status = Recap.Status.DRAFT
        recap.published_at = None
        recap.version += 1
        recap.save(update_fields=["status", "published_at", "version"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.VISIBILITY_CHANGED,
            target=recap,
            label=recap.title,
            network=recap.event.network_id,
            before=before,
            after={"status": recap.status},
        )
    return recap


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def highlight_add(*, actor, recap: Recap, data: dict) -> Highlight:
    with transaction.atomic():
        recap = Recap.objects.select_for_update().select_related("event").get(pk=recap.pk)
        _check_editor(actor, recap.event)
        last = recap.highlights.order_by("-position").values_list("position", flat=True)
        highlight = Highlight(
            recap=recap,
            position=(last.first() or 0) + 1,
            quote=data["quote"],
            person=data["person"],
            speaker_name=data["speaker_name"],
            speaker_role=data["speaker_role"],
        )
        highlight.full_clean()
        highlight.save()
    return highlight


def highlight_update(*, actor, highlight: Highlight, data: dict) -> Highlight:
    """Changes a quote's words or who said it."""
    with transaction.atomic():
        recap = Recap.objects.select_for_update().select_related("event").get(pk=highlight.recap_id)
        _check_editor(actor, recap.event)
        highlight = Highlight.objects.get(pk=highlight.pk, recap=recap)
        highlight.quote = data["quote"]
        highlight.person = data["person"]
        highlight.speaker_name = data["speaker_name"]
        highlight.speaker_role = data["speaker_role"]
        highlight.full_clean()
        highlight.save()
    return highlight


def highlight_move(*, actor, highlight: Highlight, direction: str) -> None:
    """Moves the quote one place up or down in its recap (nothing at either end)."""
    with transaction.atomic():
        recap = Recap.objects.select_for_update().select_related("event").get(pk=highlight.recap_id)
        _check_editor(actor, recap.event)
        highlights = list(recap.highlights.order_by("position", "pk"))
        reordered = moved(highlights, highlight.pk, direction, first=1)
        if reordered:
            save_order(reordered)


def highlight_remove(*, actor, highlight: Highlight) -> None:
    with transaction.atomic():
        _check_editor(actor, highlight.recap.event)
        highlight.delete()

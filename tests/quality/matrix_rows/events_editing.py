"""Event and recap editing (events/views_editing.py): visitors sign in first; N's editors
(its organizers and admins, staff) may; anyone else gets a 403 for N's public event and
recap, and a 404 for N's drafts, whose existence must not leak. Allowed changes end in a
redirect to the editing page.

The world has no draft event, programme item or quote: the URL builders make them (inside
the test's transaction, so they vanish after it)."""

from django.urls import reverse

from events.models import Event
from members.pictures import Picture
from tests.factories.events import EventFactory, HighlightFactory, ProgrammeItemFactory
from tests.personas import ADMIN_M, ADMIN_N, ORGANIZER_N, STAFF, VISITOR
from tests.quality.matrix import EDITING_N, LOGIN, Redirect, only, page, signed_in

ORGANIZERS_OF_ANY = (ADMIN_N, ADMIN_M, ORGANIZER_N, STAFF)
EVENT_SLUG = "persona-treffen"
DRAFT_EVENT_SLUG = "persona-entwurf-treffen"
RECAP_SLUG = "persona-rueckblick"
DRAFT_RECAP_SLUG = "persona-entwurf"


def editors(outcome, *, otherwise):
    return {**only(EDITING_N, outcome, otherwise=otherwise), VISITOR: LOGIN}


def public(outcome):
    """N's public event or recap: known to all, so 403 for those who may not edit it."""
    return editors(outcome, otherwise=403)


def draft(outcome):
    """N's draft: no trace (404) for those who may not edit it."""
    return editors(outcome, otherwise=404)


POSTS_ONLY = signed_in(405)


def draft_event(world):
    return EventFactory(slug=DRAFT_EVENT_SLUG, network=world.n, status=Event.Status.DRAFT)


def event_url(name, *, of_draft=False, item=False):
    def url(world):
        event = draft_event(world) if of_draft else world.event
        args = [event.slug]
        if item:
            args.append(ProgrammeItemFactory(event=event, position=9).pk)
        return reverse(f"events:{name}", args=args)

    return url


def recap_url(name, attribute, *, quote=False):
    def url(world):
        recap = getattr(world, attribute)
        args = [recap.slug]
        if quote:
            args.append(HighlightFactory(recap=recap, position=9).pk)
        return reverse(f"events:{name}", args=args)

    return url


def event_fields(world):
    return {
        "title": world.event.title,
        "kind": Event.Kind.MEETING,
        "city": "Xanten",
        "starts_on": "2031-05-04",
        "version": "1",
    }


def picture_url(name, attribute):
    """The remove URL of a picture row made for the object (no files: removing the row
    deletes them only after a commit, which the test's transaction never makes)."""

    def url(world):
        target = getattr(world, attribute)
        picture = Picture.objects.create(
            target=target, image="pictures/matrix.jpg", width=8, height=6, alt_text="Saal"
        )
        return reverse(f"events:{name}", args=[target.slug, picture.uuid])

    return url


BACK_TO_EVENT = Redirect("events:event_edit", slug=EVENT_SLUG)
BACK_TO_RECAP = Redirect("events:recap_edit", slug=RECAP_SLUG)
BACK_TO_DRAFT_RECAP = Redirect("events:recap_edit", slug=DRAFT_RECAP_SLUG)

ROWS = [
    # Anyone who organizes some network may open the form (it offers only their networks);
    # an empty form comes back with its errors.
    page(
        "events:event_create",
        get={**only(ORGANIZERS_OF_ANY, 200, otherwise=403), VISITOR: LOGIN},
        post={**only(ORGANIZERS_OF_ANY, 400, otherwise=403), VISITOR: LOGIN},
    ),
    page(
        "events:event_edit",
        event_url("event_edit"),
        get=public(200),
        post=public(BACK_TO_EVENT),
        data=event_fields,
    ),
    page(
        "events:event_edit",
        event_url("event_edit", of_draft=True),
        get=draft(200),
        post=draft(400),  # no fields sent: the form comes back with its errors
        variant="draft",
    ),
    # Publishing a published event again: a message on the editing page.
    page(
        "events:event_publish",
        event_url("event_publish"),
        get=POSTS_ONLY,
        post=public(BACK_TO_EVENT),
    ),
    page(
        "events:event_publish",
        event_url("event_publish", of_draft=True),
        get=POSTS_ONLY,
        post=draft(Redirect("events:event_detail", slug=DRAFT_EVENT_SLUG)),
        variant="draft",
    ),
    page(
        "events:event_unpublish",
        event_url("event_unpublish"),
        get=POSTS_ONLY,
        post=public(BACK_TO_EVENT),
    ),
    # A draft back to draft: a message on its editing page.
    page(
        "events:event_unpublish",
        event_url("event_unpublish", of_draft=True),
        get=POSTS_ONLY,
        post=draft(Redirect("events:event_edit", slug=DRAFT_EVENT_SLUG)),
        variant="draft",
    ),
    page(
        "events:programme_item_move",
        event_url("programme_item_move", item=True),
        get=POSTS_ONLY,
        post=public(BACK_TO_EVENT),
        data=lambda world: {"direction": "up"},
    ),
    page(
        "events:programme_item_add",
        event_url("programme_item_add"),
        get=public(200),
        post=public(400),
    ),
    page(
        "events:programme_item_edit",
        event_url("programme_item_edit", item=True),
        get=public(200),
        post=public(BACK_TO_EVENT),
        data=lambda world: {"title": "Neuer Titel"},
    ),
    page(
        "events:programme_item_edit",
        event_url("programme_item_edit", of_draft=True, item=True),
        get=draft(200),
        post=draft(Redirect("events:event_edit", slug=DRAFT_EVENT_SLUG)),
        data=lambda world: {"title": "Neuer Titel"},
        variant="draft",
    ),
    page(
        "events:programme_item_remove",
        event_url("programme_item_remove", item=True),
        get=POSTS_ONLY,
        post=public(BACK_TO_EVENT),
    ),
    page(
        "events:recap_create",
        event_url("recap_create"),
        get=public(200),
        post=public(400),
    ),
    page(
        "events:recap_edit",
        recap_url("recap_edit", "recap"),
        get=public(200),
        post=public(BACK_TO_RECAP),
        data=lambda world: {"title": "Rückblick", "body": "Text", "version": "1"},
    ),
    page(
        "events:recap_edit",
        recap_url("recap_edit", "draft_recap"),
        get=draft(200),
        post=draft(400),
        variant="draft",
    ),
    page(
        "events:recap_preview",
        recap_url("recap_preview", "draft_recap"),
        get=draft(200),
        post=signed_in(405),
    ),
    page(
        "events:recap_publish",
        recap_url("recap_publish", "draft_recap"),
        get=POSTS_ONLY,
        post=draft(BACK_TO_DRAFT_RECAP),
        data=lambda world: {"when": "now"},
    ),
    page(
        "events:recap_unpublish",
        recap_url("recap_unpublish", "recap"),
        get=POSTS_ONLY,
        post=public(BACK_TO_RECAP),
    ),
    page(
        "events:highlight_add",
        recap_url("highlight_add", "draft_recap"),
        get=POSTS_ONLY,
        post=draft(BACK_TO_DRAFT_RECAP),
        data=lambda world: {"quote": "Gut.", "speaker_name": "Nina Name"},
    ),
    page(
        "events:highlight_edit",
        recap_url("highlight_edit", "recap", quote=True),
        get=public(200),
        post=public(BACK_TO_RECAP),
        data=lambda world: {"quote": "Gut.", "speaker_name": "Nina Name"},
    ),
    page(
        "events:highlight_edit",
        recap_url("highlight_edit", "draft_recap", quote=True),
        get=draft(200),
        post=draft(400),  # no quote sent: the form comes back with its errors
        variant="draft",
    ),
    page(
        "events:highlight_move",
        recap_url("highlight_move", "recap", quote=True),
        get=POSTS_ONLY,
        post=public(BACK_TO_RECAP),
        data=lambda world: {"direction": "down"},
    ),
    page(
        "events:highlight_remove",
        recap_url("highlight_remove", "recap", quote=True),
        get=POSTS_ONLY,
        post=public(BACK_TO_RECAP),
    ),
    # Pictures: a POST without a file comes back with the form's errors.
    page(
        "events:event_picture_add",
        event_url("event_picture_add"),
        get=POSTS_ONLY,
        post=public(400),
    ),
    page(
        "events:event_picture_remove",
        picture_url("event_picture_remove", "event"),
        get=POSTS_ONLY,
        post=public(BACK_TO_EVENT),
    ),
    page(
        "events:recap_picture_add",
        recap_url("recap_picture_add", "draft_recap"),
        get=POSTS_ONLY,
        post=draft(400),
    ),
    page(
        "events:recap_picture_remove",
        picture_url("recap_picture_remove", "draft_recap"),
        get=POSTS_ONLY,
        post=draft(BACK_TO_DRAFT_RECAP),
    ),
]

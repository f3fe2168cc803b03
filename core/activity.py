"""What happened, told upward without importing upward (issue 14).

The services of members, projects and events call `activity_record(...)` inside their
transaction when something happens that people may follow: a project created or changed, an
event or a recap published, an adoption recorded, a request decided. They cannot import the
following app (network_portal.following, the top floor: STYLE §0), so they send this signal
from the ground floor; the following app receives it and writes its activity entry in the
same transaction (an entry exists exactly when the change committed), and fans it out to
followers after the commit.

Why explicit calls in the services and not post_save: only the service knows what a write
means (created, changed, published, scheduled, decided), bulk imports write with bulk_create
and send no model signals, and a save that changes nothing people follow should stay quiet.
"""

import datetime

from django.dispatch import Signal

# The kinds of activity; the following app puts them in words.
PROJECT_CREATED = "project_created"
PROJECT_CHANGED = "project_changed"
EVENT_PUBLISHED = "event_published"
RECAP_PUBLISHED = "recap_published"
ADOPTION_RECORDED = "adoption_recorded"
REQUEST_DECIDED = "request_decided"

# Receivers get: kind, obj (the model instance), actor (a user or None), occurred_at.
activity = Signal()


def activity_record(
    kind: str, *, obj, actor=None, occurred_at: datetime.datetime | None = None
) -> None:
    """Tell whoever listens that `kind` happened to `obj`. Call it inside the service's
    transaction.atomic(), after the write."""
    activity.send(sender=type(obj), kind=kind, obj=obj, actor=actor, occurred_at=occurred_at)

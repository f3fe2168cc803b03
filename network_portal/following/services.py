"""Following (issue 14, point 1): follow and unfollow, the "Neu für Sie" feed read through the
access rule, the fan-out of activities to followers' inboxes, and scheduled recaps announced
once they are visible (point 4)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from core import activity as kinds
from core.access import Viewer
from events.models import Event, Recap
from network_portal.following.models import Activity, Follow, Notice, NotificationSettings
from projects.models import Project

# Immediate emails wait this long, so changes made within it (a batch of edits over a few
# minutes) reach a person as one message; everything pending then goes out together.
IMMEDIATE_WINDOW = datetime.timedelta(minutes=5)


def settings_for(user, *, language: str | None = None) -> NotificationSettings:
    """The person's notification settings (made on first use); `language`, when given, is
    the one they use the portal in and so the one their emails are written in."""
    found, _ = NotificationSettings.objects.get_or_create(user=user)
    if language and found.language != language:
        found.language = language
        found.save(update_fields=["language"])
    return found


def settings_update(*, actor, frequency: str, language: str) -> NotificationSettings:
    with transaction.atomic():
        found = settings_for(actor)
        found = NotificationSettings.objects.select_for_update().get(pk=found.pk)
        digests = (NotificationSettings.Frequency.DAILY, NotificationSettings.Frequency.WEEKLY)
        if frequency in digests and found.frequency not in digests:
            # A first digest covers what happens from now on, not the whole inbox.
            found.digest_through = timezone.now()
        found.frequency = frequency
        found.language = language
        found.full_clean()
        found.save()
    return found


def follow_set(*, actor, target, follow: bool, language: str | None = None) -> bool:
    """Follows (or stops following) `target`: a Topic, Network, Municipality or Project. The
    caller has checked that the person may see it. Returns whether they follow it now."""
    field = target._meta.model_name
    with transaction.atomic():
        settings_for(actor, language=language)
        if follow:
            Follow.objects.get_or_create(user=actor, **{field: target})
        else:
            Follow.objects.filter(user=actor, **{field: target}).delete()
    return follow


def is_following(user, target) -> bool:
    return Follow.objects.filter(user=user, **{target._meta.model_name: target}).exists()


def visible_notices(viewer: Viewer, *, now=None):
    """The viewer's inbox, newest first, through the access rule at read time: an entry
    whose project, event or recap the viewer may not see (any more) is left out."""
    now = now or timezone.now()
    return (
        Notice.objects.filter(user_id=viewer.user_id, occurred_at__lte=now)
        .filter(visible_q(viewer))
        .select_related(
            "activity",
            "activity__project",
            "activity__project__lead_municipality",
            "activity__event",
            "activity__recap",
            "activity__recap__event",
        )
        .order_by("-occurred_at", "-activity_id")
    )


def visible_q(viewer: Viewer, prefix: str = "activity__") -> Q:
    """Entries whose object `viewer` may see (entries without one, decisions, always)."""
    checks = Q()
    for field, queryset in (
        ("project", Project.objects.visible_to(viewer)),
        ("event", Event.objects.visible_to(viewer)),
        ("recap", Recap.objects.visible_to(viewer)),
    ):
        checks &= Q(**{f"{prefix}{field}__isnull": True}) | Q(
            **{f"{prefix}{field}__in": queryset.values("pk")}
        )
    return checks


FAN_OUT = """
INSERT INTO following_notice (user_id, activity_id, occurred_at, created_at)
SELECT DISTINCT matched.user_id, matched.activity_id, matched.occurred_at, now()
FROM (
    SELECT f.user_id, a.id AS activity_id, a.occurred_at, a.actor_id
    FROM following_activity a
    JOIN following_follow f ON (
        f.topic_id = ANY(a.topic_ids) OR f.network_id = ANY(a.network_ids)
        OR f.municipality_id = ANY(a.municipality_ids) OR f.project_id = ANY(a.project_ids)
    )
    WHERE a.id = ANY(%(ids)s)
    UNION
    SELECT r.user_id, a.id, a.occurred_at, a.actor_id
    FROM following_activity a, unnest(a.recipients) AS r(user_id)
    WHERE a.id = ANY(%(ids)s)
) AS matched
JOIN {users} u ON u.id = matched.user_id AND u.is_active
WHERE matched.user_id IS DISTINCT FROM matched.actor_id
ON CONFLICT DO NOTHING
RETURNING user_id, occurred_at
"""

SETTINGS_FOR_NEW = """
INSERT INTO following_notificationsettings (user_id, frequency, language, digest_through)
SELECT user_id, %(frequency)s, %(language)s, since
FROM unnest(%(users)s::bigint[], %(since)s::timestamptz[]) AS n(user_id, since)
ON CONFLICT (user_id) DO NOTHING
"""


def activities_fan_out(activity_ids: list[int]) -> list[int]:
    """Puts the activities into the inbox of everyone who follows what they concern or is
    told in person (one query), except their actor; safe to repeat. Returns the people
    whose inbox got something new."""
    from django.conf import settings

    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FAN_OUT.format(users=table), {"ids": list(activity_ids)})
        earliest: dict[int, datetime.datetime] = {}
        for user_id, occurred_at in cursor.fetchall():
            earliest[user_id] = min(occurred_at, earliest.get(user_id, occurred_at))
        if earliest:
            # People told in person without settings yet get the defaults, their first
            # digest window beginning with what they were just told.
            cursor.execute(
                SETTINGS_FOR_NEW,
                {
                    "users": list(earliest),
                    "since": list(earliest.values()),
                    "frequency": NotificationSettings.Frequency.DAILY,
                    "language": settings.LANGUAGE_CODE,
                },
            )
        Activity.objects.filter(pk__in=activity_ids).update(fanned_out_at=timezone.now())
    return sorted(earliest)


def recaps_announce(*, now=None) -> int:
    """Scheduled recaps whose time has come, not yet announced: one activity each (its time
    the publication time), fanned out after the commit. Safe to run at the same time twice:
    a unique constraint keeps one announcement per recap."""
    from network_portal.following.receivers import record_activity

    now = now or timezone.now()
    due = (
        Recap.objects.filter(
            status=Recap.Status.PUBLISHED,
            published_at__lte=now,
            event__status=Event.Status.PUBLISHED,
        )
        .exclude(pk__in=Activity.objects.filter(kind=kinds.RECAP_PUBLISHED).values("recap"))
        .select_related("event")
        .order_by("published_at")
    )
    count = 0
    with transaction.atomic():
        for recap in due:
            if record_activity(kinds.RECAP_PUBLISHED, obj=recap, occurred_at=recap.published_at):
                count += 1
    return count

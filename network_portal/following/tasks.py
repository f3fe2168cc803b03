"""Celery tasks of following (issue 14): thin, each calls a service (STYLE §10). Names
`following.*` so that task_routes can send them to a queue of their own."""

import datetime

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from network_portal.following import delivery, services


def _when(now: str | None) -> datetime.datetime:
    return parse_datetime(now) if now else timezone.now()


@shared_task(name="following.fan_out")
def fan_out(activity_ids: list[int]) -> int:
    """Puts a batch of activities into followers' inboxes, then queues one message per
    person who wants immediate email (after the inbox rows are committed)."""
    people = services.activities_fan_out(activity_ids)
    immediate = services.NotificationSettings.objects.filter(
        user_id__in=people, frequency=services.NotificationSettings.Frequency.IMMEDIATE
    ).values_list("user_id", flat=True)
    window = int(services.IMMEDIATE_WINDOW.total_seconds())
    for user_id in immediate:
        send_notification.apply_async_on_commit((user_id,), countdown=window)
    return len(people)


# Transient faults (mail server, network, a lost database connection) are retried with
# backoff by the portal's task class (network_portal/jobs/base.py).
@shared_task(name="following.send_notification")
def send_notification(user_id: int, now: str | None = None) -> int:
    return delivery.notification_send(user_id, now=_when(now))


@shared_task(name="following.send_digests")
def send_digests(now: str | None = None) -> int:
    """Beat, daily in the morning (Europe/Berlin): queues one digest task per person whose
    daily (or, on Mondays and after, weekly) digest is due and who has news. Returns how many
    were queued."""
    moment = _when(now)
    queued = 0
    for frequency in (delivery.Frequency.DAILY, delivery.Frequency.WEEKLY):
        for user_id in delivery.digest_recipients(frequency, moment).iterator():
            send_digest.delay_on_commit(user_id, frequency, moment.isoformat())
            queued += 1
    return queued


@shared_task(name="following.send_digest")  # retried like send_notification
def send_digest(user_id: int, frequency: str, now: str | None = None) -> int:
    return delivery.digest_send(user_id, frequency, now=_when(now))


@shared_task(name="following.announce_recaps")
def announce_recaps(now: str | None = None) -> int:
    """Beat, every few minutes: scheduled recaps whose time has come are announced once."""
    return services.recaps_announce(now=_when(now))

"""Email (issue 14, points 2 and 3): immediate messages and daily or weekly digests, each
activity at most once per person, and one-click unsubscribe links.

At most once: before an email goes out, its activities are claimed for the person by
inserting Delivery rows (unique per person and activity) and committing. A retried,
duplicated or concurrent task finds them claimed and sends nothing; a send that fails gives
its claim back (and the digest watermark) so the retry sends it.

Digest windows are computed in Europe/Berlin time: a daily digest covers what happened up
to the last local midnight, a weekly one up to the last Monday 00:00, each from the
person's watermark (where their previous digest ended) on. A local day is 23 or 25 hours
long when summer time begins or ends; zoneinfo gets that right, a fixed offset would not.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from members.access import viewer_for
from network_portal.following.models import Delivery, Notice, NotificationSettings
from network_portal.following.services import visible_notices

logger = logging.getLogger(__name__)

BERLIN = ZoneInfo("Europe/Berlin")
Frequency = NotificationSettings.Frequency
# An email lists at most this many entries; the rest are on the "Neu für Sie" page.
EMAIL_ITEMS = 25
# Immediate emails gather what is still unsent from this far back (older is in the feed).
IMMEDIATE_LOOKBACK = datetime.timedelta(days=7)
UNSUBSCRIBE_SALT = "following.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 180  # a link in an email works for half a year


def digest_cutoff(frequency: str, now: datetime.datetime) -> datetime.datetime:
    """The end of the window a digest sent at `now` covers: the last local midnight
    (daily) or the last Monday 00:00 (weekly), Berlin time."""
    today = timezone.localtime(now, BERLIN).date()
    if frequency == Frequency.WEEKLY:
        today -= datetime.timedelta(days=today.weekday())
    return datetime.datetime.combine(today, datetime.time(0), tzinfo=BERLIN)


def _unsent(user_id: int):
    """The person's inbox rows not yet emailed."""
    sent = Delivery.objects.filter(user_id=OuterRef("user_id"), activity_id=OuterRef("activity_id"))
    return Notice.objects.filter(user_id=user_id).filter(~Exists(sent))


def digest_recipients(frequency: str, now: datetime.datetime):
    """The people whose digest is due and who have news in its window (one query; nobody
    else is looked at, let alone queued): ids."""
    cutoff = digest_cutoff(frequency, now)
    sent = Delivery.objects.filter(user_id=OuterRef("user_id"), activity_id=OuterRef("activity_id"))
    news = Notice.objects.filter(
        user_id=OuterRef("user_id"),
        occurred_at__gte=OuterRef("digest_through"),
        occurred_at__lt=cutoff,
    ).filter(~Exists(sent))
    return (
        NotificationSettings.objects.filter(frequency=frequency, digest_through__lt=cutoff)
        .filter(Exists(news))
        .values_list("user_id", flat=True)
    )


CLAIM = """
INSERT INTO following_delivery (user_id, activity_id, channel, sent_at)
SELECT %(user)s, unnest(%(ids)s::bigint[]), %(channel)s, now()
ON CONFLICT DO NOTHING
RETURNING activity_id
"""


def _claim(user_id: int, activity_ids: list[int], channel: str) -> set[int]:
    """Claims the activities for the person's email; returns those nobody claimed before.
    A concurrent claimer of the same rows waits on the unique index and then gets none."""
    if not activity_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(CLAIM, {"user": user_id, "ids": activity_ids, "channel": channel})
        return {row[0] for row in cursor.fetchall()}


def _release(user_id: int, activity_ids) -> None:
    Delivery.objects.filter(user_id=user_id, activity_id__in=list(activity_ids)).delete()


def notification_send(user_id: int, *, now=None) -> int:
    """Emails a person who wants immediate email everything new for them that was not sent
    yet, as one message. Returns the number of entries sent (0: nothing to do)."""
    now = now or timezone.now()
    with transaction.atomic():
        found = (
            NotificationSettings.objects.select_for_update()
            .select_related("user")
            .filter(user_id=user_id, frequency=Frequency.IMMEDIATE, user__is_active=True)
            .first()
        )
        if found is None:
            return 0
        viewer = viewer_for(found.user)
        notices = list(
            visible_notices(viewer, now=now).filter(
                pk__in=_unsent(user_id).values("pk"), occurred_at__gte=now - IMMEDIATE_LOOKBACK
            )
        )
        claimed = _claim(user_id, [n.activity_id for n in notices], Delivery.Channel.IMMEDIATE)
    notices = [n for n in notices if n.activity_id in claimed]
    if not notices:
        return 0
    try:
        _send(found, notices, kind="immediate")
    except Exception:
        _release(user_id, claimed)
        raise
    return len(notices)


def digest_send(user_id: int, frequency: str, *, now=None) -> int:
    """Sends the person's daily or weekly digest: what happened from their watermark to the
    cutoff, not sent before and visible to them; then moves the watermark to the cutoff.
    Safe to repeat: once the watermark is at the cutoff there is nothing to do."""
    now = now or timezone.now()
    cutoff = digest_cutoff(frequency, now)
    with transaction.atomic():
        found = (
            NotificationSettings.objects.select_for_update()
            .select_related("user")
            .filter(user_id=user_id, frequency=frequency, digest_through__lt=cutoff)
            .first()
        )
        if found is None:
            return 0
        since = found.digest_through
        notices = []
        if found.user.is_active:
            notices = list(
                visible_notices(viewer_for(found.user), now=now).filter(
                    pk__in=_unsent(user_id).values("pk"),
                    occurred_at__gte=since,
                    occurred_at__lt=cutoff,
                )
            )
        claimed = _claim(user_id, [n.activity_id for n in notices], Delivery.Channel.DIGEST)
        # The watermark moves even when nothing visible was left: the window is done.
        found.digest_through = cutoff
        found.save(update_fields=["digest_through"])
    notices = [n for n in notices if n.activity_id in claimed]
    if not notices:
        return 0
    try:
        _send(found, notices, kind=frequency, since=since, until=cutoff)
    except Exception:
        with transaction.atomic():
            _release(user_id, claimed)
            NotificationSettings.objects.filter(pk=found.pk, digest_through=cutoff).update(
                digest_through=since
            )
        raise
    return len(notices)


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user_id(token: str) -> int:
    """The person a token was made for; raises signing.BadSignature (which covers
    SignatureExpired) when it was changed or is too old."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if not isinstance(value, int):
        raise signing.BadSignature("not a person")
    return value


def unsubscribe(user_id: int) -> bool:
    """No more email for the person (their feed stays). Returns whether anything changed."""
    changed = NotificationSettings.objects.filter(user_id=user_id).exclude(frequency=Frequency.NONE)
    return bool(changed.update(frequency=Frequency.NONE))


def _subject(kind: str, notices: list) -> str:
    count = len(notices)
    if kind == Frequency.DAILY:
        text = ngettext(
            "Your daily digest: %(n)d update", "Your daily digest: %(n)d updates", count
        )
    elif kind == Frequency.WEEKLY:
        text = ngettext(
            "Your weekly digest: %(n)d update", "Your weekly digest: %(n)d updates", count
        )
    else:
        text = ngettext("New for you: %(n)d update", "New for you: %(n)d updates", count)
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{text % {'n': count}}"


def _send(found: NotificationSettings, notices: list, *, kind: str, since=None, until=None):
    token = unsubscribe_token(found.user_id)
    unsubscribe_url = settings.SITE_URL + reverse("following:unsubscribe", args=[token])
    with translation.override(found.language):
        context = {
            "notices": notices[:EMAIL_ITEMS],
            "more": max(0, len(notices) - EMAIL_ITEMS),
            "kind": kind,
            "language": found.language,
            "since": timezone.localtime(since, BERLIN) if since else None,
            "until": timezone.localtime(until, BERLIN) if until else None,
            "site_url": settings.SITE_URL,
            "feed_url": settings.SITE_URL + reverse("following:feed"),
            "settings_url": settings.SITE_URL + reverse("following:settings"),
            "unsubscribe_url": unsubscribe_url,
        }
        mail = EmailMultiAlternatives(
            subject=_subject(kind, notices),
            body=render_to_string("following/email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[found.user.email],
            headers={
                # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe that
                # POSTs to the link; a GET (a link scanner) only shows a confirmation.
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        mail.attach_alternative(render_to_string("following/email.html", context), "text/html")
    mail.send()

import datetime

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from network_portal.tasks import clear_expired_sessions


def test_clearing_expired_sessions_keeps_live_ones(db):
    live = SessionStore()
    live["x"] = 1
    live.create()
    expired = SessionStore()
    expired["x"] = 2
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )

    # .delay() runs inline in tests and on a machine without a broker.
    result = clear_expired_sessions.delay()

    assert result.get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_the_beat_schedule_clears_sessions_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["clear-expired-sessions"]

    assert entry["task"] == "network_portal.tasks.clear_expired_sessions"
    assert entry["schedule"] == 86400

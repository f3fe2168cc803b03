"""Daily and weekly digests (issue 14, point 3): each covers exactly what happened since the
person's last digest, computed in Berlin time, across days, weeks and the changes to and
from summer time; no item twice, none lost; weekly ones keep going; and work is queued only
for the people with news."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from network_portal.following import tasks
from network_portal.following.delivery import digest_cutoff, digest_send
from network_portal.following.models import (
    Activity,
    Delivery,
    Follow,
    Notice,
    NotificationSettings,
)
from network_portal.following.services import activities_fan_out
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.following.conftest import berlin, sent_to

pytestmark = pytest.mark.django_db


def happened(project, when, topic) -> Activity:
    """A project activity at `when` on `topic`, fanned out (as the service's commit does)."""
    activity = Activity.objects.create(
        kind=Activity.Kind.PROJECT_CHANGED,
        occurred_at=when,
        project=project,
        project_ids=[project.pk],
        topic_ids=[topic.pk],
    )
    activities_fan_out([activity.pk])
    return activity


@pytest.fixture
def follower(db):
    from tests.factories.accounts import UserFactory

    topic = TopicFactory()
    user = UserFactory()
    Follow.objects.create(user=user, topic=topic)
    return user, topic


def subscribe(user, frequency, since):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "digest_through": since}
    )


def titles(message) -> list[str]:
    """The titles a digest lists (its lines "* kind: title – lead municipality")."""
    return sorted(
        line[2:].split(":", 1)[1].split(" – ")[0].strip()
        for line in message.body.splitlines()
        if line.startswith("* ")
    )


def elapsed(start, end) -> datetime.timedelta:
    """Real time between two instants (Python subtracts wall-clock times in one zone)."""
    return end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)


def test_daily_cutoff_is_the_last_berlin_midnight_across_summer_time():
    # Summer time begins on 29 March 2026 (a 23-hour day), ends on 25 October (25 hours).
    assert digest_cutoff("daily", berlin(2026, 3, 29, 7)) == berlin(2026, 3, 29, 0)
    assert digest_cutoff("daily", berlin(2026, 3, 30, 7)).utcoffset() == datetime.timedelta(hours=2)
    assert elapsed(berlin(2026, 3, 29), digest_cutoff("daily", berlin(2026, 3, 30, 7))) == (
        datetime.timedelta(hours=23)
    )
    assert elapsed(berlin(2026, 10, 25), digest_cutoff("daily", berlin(2026, 10, 26, 7))) == (
        datetime.timedelta(hours=25)
    )
    # Just after midnight Berlin time it is still the previous evening in UTC.
    assert digest_cutoff("daily", berlin(2026, 7, 1, 0, 30)) == berlin(2026, 7, 1)
    # Weekly: the last Monday 00:00, whatever day it runs.
    assert digest_cutoff("weekly", berlin(2026, 10, 28, 7)) == berlin(2026, 10, 26)
    assert digest_cutoff("weekly", berlin(2026, 10, 26, 0, 0)) == berlin(2026, 10, 26)


def test_daily_digests_over_the_change_to_summer_time_lose_nothing_and_repeat_nothing(
    follower, mailoutbox
):
    user, topic = follower
    subscribe(user, "daily", berlin(2026, 3, 27, 0))
    late = happened(
        ProjectFactory(title="Kurz vor Mitternacht"), berlin(2026, 3, 27, 23, 59), topic
    )
    happened(ProjectFactory(title="Nachts um eins"), berlin(2026, 3, 28, 0, 1), topic)
    # 02:00-03:00 does not exist on 29 March; 01:59 CET and 03:01 CEST are two minutes apart.
    happened(ProjectFactory(title="Vor der Umstellung"), berlin(2026, 3, 29, 1, 59), topic)
    happened(ProjectFactory(title="Nach der Umstellung"), berlin(2026, 3, 29, 3, 1), topic)

    # 28 March, 07:00: yesterday's item only; today's (00:01) waits for tomorrow.
    assert digest_send(user.pk, "daily", now=berlin(2026, 3, 28, 7)) == 1
    assert titles(mailoutbox[-1]) == ["Kurz vor Mitternacht"]
    # Run again the same morning: nothing.
    assert digest_send(user.pk, "daily", now=berlin(2026, 3, 28, 9)) == 0
    # 29 March (23 hours long), 07:00: the item of 28 March, not those of the 29th.
    assert digest_send(user.pk, "daily", now=berlin(2026, 3, 29, 7)) == 1
    assert titles(mailoutbox[-1]) == ["Nachts um eins"]
    # 30 March: both items of the short day.
    assert digest_send(user.pk, "daily", now=berlin(2026, 3, 30, 7)) == 2
    assert titles(mailoutbox[-1]) == ["Nach der Umstellung", "Vor der Umstellung"]
    assert len(mailoutbox) == 3
    assert Delivery.objects.filter(user=user).count() == 4
    assert Delivery.objects.filter(user=user, activity=late).count() == 1


def test_daily_digest_over_the_change_back_to_winter_time(follower, mailoutbox):
    user, topic = follower
    subscribe(user, "daily", berlin(2026, 10, 25, 0))
    # 02:30 happens twice on 25 October; both are that day.
    first = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)  # 02:30 CEST
    second = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)  # 02:30 CET
    happened(ProjectFactory(title="Erstes Mal halb drei"), first, topic)
    happened(ProjectFactory(title="Zweites Mal halb drei"), second, topic)
    happened(ProjectFactory(title="Spät am langen Tag"), berlin(2026, 10, 25, 23, 30), topic)
    happened(ProjectFactory(title="Am Montag"), berlin(2026, 10, 26, 6), topic)
    assert digest_send(user.pk, "daily", now=berlin(2026, 10, 26, 7)) == 3
    assert titles(mailoutbox[-1]) == [
        "Erstes Mal halb drei",
        "Spät am langen Tag",
        "Zweites Mal halb drei",
    ]
    assert digest_send(user.pk, "daily", now=berlin(2026, 10, 27, 7)) == 1
    assert titles(mailoutbox[-1]) == ["Am Montag"]


def test_weekly_digests_keep_going_after_the_first(follower, mailoutbox):
    user, topic = follower
    subscribe(user, "weekly", berlin(2026, 10, 12, 0))
    for week, monday in enumerate(
        (berlin(2026, 10, 12), berlin(2026, 10, 19), berlin(2026, 10, 26))
    ):
        happened(ProjectFactory(title=f"Woche {week}"), monday + datetime.timedelta(days=3), topic)
    # Sent on Mondays (the week across the change back to winter time included) ...
    for week, monday in enumerate(
        (berlin(2026, 10, 19), berlin(2026, 10, 26), berlin(2026, 11, 2))
    ):
        # ... and not in the middle of the week.
        assert digest_send(user.pk, "weekly", now=monday - datetime.timedelta(days=2)) == 0
        assert digest_send(user.pk, "weekly", now=monday + datetime.timedelta(hours=7)) == 1
        assert titles(mailoutbox[-1]) == [f"Woche {week}"]
    assert len(mailoutbox) == 3
    assert NotificationSettings.objects.get(user=user).digest_through == berlin(2026, 11, 2)


def test_an_item_nobody_may_see_any_more_is_left_out_and_the_window_moves_on(follower, mailoutbox):
    user, topic = follower
    subscribe(user, "daily", berlin(2026, 5, 4, 0))
    hidden = ProjectFactory(title="Nur für Mitglieder", visibility="members")
    happened(hidden, berlin(2026, 5, 4, 12), topic)
    assert digest_send(user.pk, "daily", now=berlin(2026, 5, 5, 7)) == 0
    assert mailoutbox == []
    assert NotificationSettings.objects.get(user=user).digest_through == berlin(2026, 5, 5)


def test_the_beat_queues_digests_only_for_people_with_news(
    follower, mailoutbox, django_capture_on_commit_callbacks
):
    user, topic = follower
    subscribe(user, "daily", berlin(2026, 5, 4, 0))
    happened(ProjectFactory(title="Neuigkeit"), berlin(2026, 5, 4, 12), topic)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_digests.delay(berlin(2026, 5, 5, 7).isoformat()).get() == 1
    assert titles(sent_to(user)[0]) == ["Neuigkeit"]
    # Next day: no news, nothing queued.
    assert tasks.send_digests.delay(berlin(2026, 5, 6, 7).isoformat()).get() == 0


def test_with_50000_members_of_whom_100_have_news_about_100_tasks_are_queued():
    """Recipients come from one query over the settings and inboxes, not a loop over all
    members: the figure is the number of digest tasks queued (100 of 50,000)."""
    quiet, busy = TopicFactory(), TopicFactory()
    since = berlin(2026, 5, 4, 0)
    with connection.cursor() as cursor:  # 50,000 accounts in three statements
        cursor.execute(
            f"""
            INSERT INTO {connection.ops.quote_name(get_user_model()._meta.db_table)}
                (username, email, password, is_superuser, is_staff, is_active, first_name,
                 last_name, date_joined)
            SELECT 'massen' || n, 'massen' || n || '@example.org', '!', false, false, true,
                   '', '', now()
            FROM generate_series(1, 50000) AS n
            """
        )
        cursor.execute(
            """
            INSERT INTO following_notificationsettings (user_id, frequency, language,
                                                        digest_through)
            SELECT id, 'daily', 'de', %s FROM auth_user WHERE username LIKE 'massen%%'
            """,
            [since],
        )
        cursor.execute(
            """
            INSERT INTO following_follow (user_id, topic_id, created_at)
            SELECT id, CASE WHEN substring(username from 7)::int <= 100 THEN %s ELSE %s END,
                   now()
            FROM auth_user WHERE username LIKE 'massen%%'
            """,
            [busy.pk, quiet.pk],
        )
    happened(ProjectFactory(title="Für hundert"), berlin(2026, 5, 4, 12), busy)
    assert Notice.objects.count() == 100
    with mock.patch.object(tasks.send_digest, "delay_on_commit") as queue:
        queued = tasks.send_digests(berlin(2026, 5, 5, 7).isoformat())
    assert queued == queue.call_count == 100
    news = set(Notice.objects.values_list("user_id", flat=True))
    assert {call.args[0] for call in queue.call_args_list} == news

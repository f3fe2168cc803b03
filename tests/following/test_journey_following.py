"""The following journey, in Chromium against a live server: a member follows a topic from
its page; an officer publishes a project on it; the follower's "Neu für Sie" shows it, and
so does the next morning's digest."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from network_portal.following import tasks
from network_portal.following.models import Follow
from projects.models import Project
from tests.factories.accounts import UserFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, OfficerFactory
from tests.factories.projects import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at_once(work, workers=2) -> list:
    """Runs `work` in `workers` threads released together (as two Celery workers would)."""
    start, results = threading.Barrier(workers), []

    def run():
        try:
            start.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_follower_sees_a_new_project_on_their_topic_in_the_feed_and_the_digest(
    open_context,
):
    topic = TopicFactory(slug="waermenetze-reise", name_de="Wärmenetze", name_en="Heat networks")
    town = MunicipalityFactory(name="Kempten", slug="kempten-folgen")
    MembershipFactory(municipality=town)
    officer = OfficerFactory(municipality=town, user__password=None).user
    follower = UserFactory(password=None)

    # The follower follows the topic with the button on its page.
    context, watcher = open_context(user=follower)
    page = watcher.watch(context.new_page())
    page.goto(topic.get_absolute_url())
    submit(page, "form.follow-form button")
    assert Follow.objects.filter(user=follower, topic=topic).exists()
    assert page.locator("form.follow-form button[aria-pressed=true]").count() == 1

    # An officer publishes a project on the topic.
    officer_context, officer_watcher = open_context(user=officer)
    officer_page = officer_watcher.watch(officer_context.new_page())
    officer_page.goto(reverse("projects:project_create", args=[town.slug]))
    officer_page.fill("#id_title", "Kalte Nahwärme")
    officer_page.fill("#id_summary", "Ein Wärmenetz mit Erdsonden für das Neubaugebiet.")
    officer_page.check(f"input[name=topics][value='{topic.pk}']")
    submit(officer_page, "button[value=save]")
    project = Project.objects.get(title="Kalte Nahwärme")

    # "Neu für Sie" shows it.
    page.goto(reverse("following:feed"))
    feed = page.locator("main").inner_text()
    assert "Kalte Nahwärme" in feed and "Kempten" in feed
    submit(page, f"main a[href='{project.get_absolute_url()}']")
    assert "Kalte Nahwärme" in page.locator("h1").inner_text()

    # The next morning's daily digest (the default) lists it, once: two workers running
    # the digest task at the same moment, and the beat's run after them, send one email.
    mail.outbox.clear()
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    morning = tomorrow.replace(hour=7, minute=0).isoformat()
    assert sorted(at_once(lambda: tasks.send_digest(follower.pk, "daily", morning))) == [0, 1]
    assert tasks.send_digests.delay(morning).get() == 0
    [digest] = [m for m in mail.outbox if m.to == [follower.email]]
    assert "Kalte Nahwärme" in digest.body
    assert project.get_absolute_url() in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    for each in (watcher, officer_watcher):
        assert not each.failed_resources, each.failed_resources
        assert not each.console_errors, each.console_errors

"""Follow buttons and "Neu für Sie" (issue 14, point 1): a POST form that works without
JavaScript, visitors sent to sign in; the feed lists what changed in what one follows,
newest first, paginated, and through the access rule at read time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.access import Visibility
from members.services.officers import officer_decide, officer_request
from network_portal.following.models import Activity, Follow, Notice
from network_portal.following.services import activities_fan_out
from projects.models import Project
from projects.services_adoptions import adoption_record
from tests.factories.accounts import UserFactory
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    OfficerFactory,
    make_staff,
)
from tests.factories.projects import ProjectFactory
from tests.following.conftest import make_follower

pytestmark = pytest.mark.django_db


def follow_url(kind, slug):
    return reverse("following:follow", args=[kind, slug])


def test_the_follow_button_is_on_the_four_kinds_of_page_and_works_without_javascript(client, town):
    user = UserFactory(password=None)
    client.force_login(user)
    project = ProjectFactory(lead_municipality=town.municipality)
    for kind, target in (
        ("thema", town.topic),
        ("netzwerk", town.membership.network),
        ("kommune", town.municipality),
        ("projekt", project),
    ):
        page = client.get(target.get_absolute_url())
        assert f'action="{follow_url(kind, target.slug)}"' in page.content.decode()
        response = client.post(follow_url(kind, target.slug), {"action": "follow"})
        assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
        assert 'aria-pressed="true"' in client.get(target.get_absolute_url()).content.decode()
    assert Follow.objects.filter(user=user).count() == 4
    client.post(follow_url("thema", town.topic.slug), {"action": "unfollow"})
    assert not Follow.objects.filter(user=user, topic=town.topic).exists()


def test_a_visitor_is_sent_to_sign_in_and_back(client, town):
    response = client.post(follow_url("thema", town.topic.slug))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" + town.topic.get_absolute_url().replace("/", "%2F") in response["Location"]
    assert not Follow.objects.exists()


def test_a_members_only_project_cannot_be_followed_by_who_may_not_see_it(client, town):
    hidden = ProjectFactory(lead_municipality=town.municipality, visibility=Visibility.MEMBERS)
    client.force_login(UserFactory(password=None))
    assert client.post(follow_url("projekt", hidden.slug)).status_code == 404
    assert client.post(follow_url("gibtsnicht", hidden.slug)).status_code == 404
    assert not Follow.objects.exists()


def test_the_feed_lists_new_and_changed_projects_newest_first_and_rechecks_access(
    client, town, django_capture_on_commit_callbacks
):
    follower = make_follower(town.topic, frequency="none")
    with django_capture_on_commit_callbacks(execute=True):
        first = town.publish("Erstes Projekt")
    with django_capture_on_commit_callbacks(execute=True):
        second = town.publish("Zweites Projekt")
    Notice.objects.filter(activity__project=first).update(
        occurred_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(follower)
    text = client.get(reverse("following:feed")).content.decode()
    assert text.index("Zweites Projekt") < text.index("Erstes Projekt")
    # The second project becomes members-only: gone from the follower's feed at once.
    Project.objects.filter(pk=second.pk).update(visibility=Visibility.MEMBERS)
    text = client.get(reverse("following:feed")).content.decode()
    assert "Zweites Projekt" not in text and "Erstes Projekt" in text
    # ... but its lead's network's officer, following the same topic, still sees it.
    colleague = MunicipalityFactory()
    MembershipFactory(municipality=colleague, network=town.membership.network)
    insider = OfficerFactory(municipality=colleague, user__password=None).user
    Follow.objects.create(user=insider, topic=town.topic)
    activities_fan_out(list(Activity.objects.values_list("pk", flat=True)))
    client.force_login(insider)
    assert "Zweites Projekt" in client.get(reverse("following:feed")).content.decode()


def test_decisions_and_adoptions_reach_the_people_concerned(
    client, town, django_capture_on_commit_callbacks
):
    # Adoption of the town's project: its officer hears of it without following anything.
    project = ProjectFactory(lead_municipality=town.municipality, title="Mängelmelder")
    adopter = MunicipalityFactory(name="Kempten")
    with django_capture_on_commit_callbacks(execute=True):
        adoption_record(
            actor=OfficerFactory(municipality=adopter, user__password=None).user,
            project=project,
            municipality=adopter,
            kind="adapted",
        )
    # A decision on one's request.
    asker = UserFactory(password=None)
    link = officer_request(
        actor=asker, municipality=MunicipalityFactory(name="Wunsiedel"), role_title="CDO"
    )
    with django_capture_on_commit_callbacks(execute=True):
        officer_decide(actor=make_staff(password=None), officer=link, approve=True)
    client.force_login(town.officer)
    text = client.get(reverse("following:feed")).content.decode()
    assert "Mängelmelder" in text and "Kempten" in text
    client.force_login(asker)
    assert "Wunsiedel" in client.get(reverse("following:feed")).content.decode()


def notices_for(user, count, town):
    """`count` changes of a few projects (the feed's rows are the changes)."""
    projects = ProjectFactory.create_batch(3, lead_municipality=town.municipality)
    activities = Activity.objects.bulk_create(
        Activity(kind="project_changed", project=projects[n % 3], topic_ids=[town.topic.pk])
        for n in range(count)
    )
    activities_fan_out([a.pk for a in activities])


def test_feed_is_paginated_with_the_same_queries_for_10_and_100_rows(
    client, town, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    follower = make_follower(town.topic, frequency="none")
    client.force_login(follower)
    counts = []
    for total in (10, 100):
        Notice.objects.filter(user=follower).delete()
        notices_for(follower, total, town)
        client.get(reverse("following:feed"))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("following:feed"))
        counts.append(len(queries))
        assert response.status_code == 200
    assert counts[0] == counts[1]
    assert "?page=5" in client.get(reverse("following:feed")).content.decode()
    assert client.get(reverse("following:feed") + "?page=999").status_code == 200
    assert client.get(reverse("following:feed") + "?page=x").status_code == 200


def test_settings_page_saves_the_choice_and_language(client, town):
    follower = make_follower(town.topic, frequency="daily")
    hidden = ProjectFactory(title="Bald vertraulich", lead_municipality=town.municipality)
    Follow.objects.create(user=follower, project=hidden)
    client.force_login(follower)
    text = client.get(reverse("following:settings")).content.decode()
    assert town.topic.name_de in text and "Bald vertraulich" in text
    Project.objects.filter(pk=hidden.pk).update(visibility=Visibility.MEMBERS)
    assert "Bald vertraulich" not in client.get(reverse("following:settings")).content.decode()
    response = client.post(reverse("following:settings"), {"frequency": "weekly", "language": "en"})
    assert response.status_code == 302
    assert follower.notification_settings.__class__.objects.get(user=follower).frequency == "weekly"
    response = client.post(reverse("following:settings"), {"frequency": "hourly"})
    assert response.status_code == 200
    assert b"error-summary" in response.content


def test_settings_page_reads_as_many_queries_for_100_follows_as_for_10(client, town):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.models import Topic
    from tests.factories.projects import TopicFactory

    follower = make_follower(town.topic, frequency="daily")
    client.force_login(follower)
    counts = []
    for total in (10, 100):
        Follow.objects.filter(user=follower).delete()
        topics = Topic.objects.bulk_create(TopicFactory.build_batch(total))
        projects = ProjectFactory.create_batch(2, lead_municipality=town.municipality)
        Follow.objects.bulk_create(
            [Follow(user=follower, topic=topic) for topic in topics]
            + [Follow(user=follower, project=project) for project in projects]
        )
        client.get(reverse("following:settings"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("following:settings"))
        assert response.content.decode().count('value="unfollow"') == total + 2
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_published_event_and_a_membership_decision_reach_the_feed(
    client, town, django_capture_on_commit_callbacks
):
    from events.models import Event
    from events.services import event_publish
    from members.services.memberships import membership_decide, membership_request
    from tests.factories.events import EventFactory
    from tests.factories.members import make_network_admin

    network = town.membership.network
    follower = make_follower(network, frequency="none")
    admin = make_network_admin(network, user__password=None)
    event = EventFactory(network=network, status=Event.Status.DRAFT, title="Netzwerktreffen")
    newcomer = MunicipalityFactory(name="Wolfach")
    asker = OfficerFactory(municipality=newcomer, user__password=None).user
    request = membership_request(actor=asker, municipality=newcomer, network=network)
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(actor=admin, event=event)
        membership_decide(actor=admin, membership=request, approve=True)
    client.force_login(follower)
    assert "Netzwerktreffen" in client.get(reverse("following:feed")).content.decode()
    client.force_login(asker)
    text = client.get(reverse("following:feed")).content.decode()
    assert "Wolfach" in text and "Netzwerktreffen" not in text

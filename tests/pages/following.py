"""Following's pages (network_portal/following/): "Neu für Sie", the email settings, the
unsubscribe link's confirmation, and the follow button's target (POST only)."""

from django.urls import reverse

from network_portal.following.delivery import unsubscribe_token
from network_portal.following.models import Activity, Follow
from network_portal.following.services import activities_fan_out, follow_set
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.pages import MEMBER, OFFICER, VISITOR, page


def followed_news(user):
    """`user` follows a topic and a network; a project, an event, a recap and a decision
    reached their inbox."""
    topic = TopicFactory(name_de="Mobilität", name_en="Mobility")
    town = MunicipalityFactory(name="Landkreis Beispiel")
    network = MembershipFactory(municipality=town).network
    follow_set(actor=user, target=topic, follow=True)
    follow_set(actor=user, target=network, follow=True)
    project = ProjectFactory(title="Rufbus auf Bestellung", lead_municipality=town, topics=[topic])
    event = EventFactory(network=network, status="published")
    recap = RecapFactory(event=event, topics=[topic])
    activities = [
        Activity.objects.create(kind="project_created", project=project, topic_ids=[topic.pk]),
        Activity.objects.create(kind="event_published", event=event, network_ids=[network.pk]),
        Activity.objects.create(kind="recap_published", recap=recap, network_ids=[network.pk]),
        Activity.objects.create(
            kind="request_decided",
            recipients=[user.pk],
            params={"request": "officer", "approved": True, "municipality": town.name},
        ),
    ]
    activities_fan_out([activity.pk for activity in activities])


@page("following:feed", personas=(MEMBER, OFFICER))
def feed(user):
    followed_news(user)
    return reverse("following:feed")


@page("following:settings", personas=(MEMBER,))
def notification_settings(user):
    followed_news(user)
    return reverse("following:settings")


@page("following:unsubscribe", personas=(VISITOR, MEMBER))
def unsubscribe():
    """The confirmation a GET shows (the POST unsubscribes: tests/following)."""
    user = UserFactory(password=None)
    Follow.objects.create(user=user, topic=TopicFactory())
    return reverse("following:unsubscribe", args=[unsubscribe_token(user.pk)])


@page("following:follow", personas=(VISITOR, MEMBER), html=False)
def follow():
    """POST only (a GET answers 405); the button on topic, network, municipality and project
    pages posts here."""
    return reverse("following:follow", args=["thema", TopicFactory().slug])

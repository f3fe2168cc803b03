"""Introduction pages (network_portal/introductions/): a member's request form and the
contact person's answer page (reached through the signed link, no sign-in)."""

from django.urls import reverse

from network_portal.introductions.models import IntroductionRequest
from network_portal.introductions.services import answer_token
from tests.factories.accounts import UserFactory
from tests.factories.members import PersonFactory
from tests.pages import MEMBER, VISITOR, page


@page("introductions:ask", personas=(MEMBER,))
def ask():
    person = PersonFactory(name="Kim Beispiel", role_title="Digitalisierungsbeauftragte")
    return reverse("introductions:ask", args=[person.slug])


@page("introductions:answer", personas=(VISITOR,))
def answer():
    """The choice a GET shows (the POST decides: tests/introductions)."""
    request = IntroductionRequest.objects.create(
        requester=UserFactory(password=None),
        person=PersonFactory(),
        message="Wir planen einen Rufbus und würden gern von Ihren Erfahrungen lernen.",
    )
    return reverse("introductions:answer", args=[answer_token(request.pk)])

"""Introductions instead of published addresses (issue 14 point 5): a member asks, the
contact person answers through a signed link; addresses travel only on acceptance."""

import datetime

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from network_portal.introductions import services
from network_portal.introductions.models import IntroductionOptOut, IntroductionRequest
from tests.factories.accounts import UserFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Wir planen einen Rufbus und würden gern von Ihren Erfahrungen lernen."


@pytest.fixture
def member(client):
    user = UserFactory(password=None, email="ada@example.org", first_name="Ada", last_name="L")
    client.force_login(user)
    return user


@pytest.fixture
def person():
    return PersonFactory(email="kim@stadt.example")


def ask(client, person, message=MESSAGE):
    return client.post(reverse("introductions:ask", args=[person.slug]), {"message": message})


def answer_url(request):
    return reverse("introductions:answer", args=[services.answer_token(request.pk)])


def test_a_visitor_is_sent_to_sign_in(client, person):
    response = client.get(reverse("introductions:ask", args=[person.slug]))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_person_gets_the_message_but_the_requester_never_sees_the_address(
    client, member, person, django_capture_on_commit_callbacks
):
    page = client.get(reverse("introductions:ask", args=[person.slug]))
    assert page.status_code == 200 and "kim@stadt.example" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, person)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["kim@stadt.example"]
    assert MESSAGE in message.body and "ada@example.org" not in message.body
    request = IntroductionRequest.objects.get()
    assert (request.requester, request.person, request.state) == (member, person, "pending")
    assert "/vorstellung/antwort/" in message.body


def test_accepting_sends_both_their_addresses(
    client, member, person, django_capture_on_commit_callbacks
):
    request = services.request_create(actor=member, person=person, message=MESSAGE)
    client.logout()  # the person has no account
    url = answer_url(request)
    page = client.get(url)
    assert page.status_code == 200 and MESSAGE in page.content.decode()
    assert IntroductionRequest.objects.get().state == "pending"  # GET decides nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"decision": "accept"}).status_code == 200
    request.refresh_from_db()
    assert request.state == "accepted" and request.decided_at
    to_requester = [m for m in mail.outbox if m.to == ["ada@example.org"]]
    to_person = [m for m in mail.outbox if m.to == ["kim@stadt.example"]]
    assert "kim@stadt.example" in to_requester[0].body
    assert "ada@example.org" in to_person[0].body
    # A second answer changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline"})
    request.refresh_from_db()
    assert request.state == "accepted" and len(mail.outbox) == 2


def test_declining_tells_the_requester_without_a_reason_or_address(
    client, member, person, django_capture_on_commit_callbacks
):
    request = services.request_create(actor=member, person=person, message=MESSAGE)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url(request), {"decision": "decline", "stop": "on"})
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and "kim@stadt.example" not in message.body
    assert IntroductionRequest.objects.get().state == "declined"
    # The person asked for no further requests.
    assert IntroductionOptOut.objects.filter(person=person).exists()
    response = ask(client, person)
    assert response.status_code == 409
    assert "nimmt keine Vorstellungsanfragen an" in response.content.decode()


@pytest.mark.parametrize("how", ["tampered", "expired"])
def test_a_tampered_or_expired_link_is_a_clear_400(client, member, person, how, monkeypatch):
    request = services.request_create(actor=member, person=person, message=MESSAGE)
    token = services.answer_token(request.pk)
    if how == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:
        later = datetime.datetime.now().timestamp() + services.ANSWER_MAX_AGE + 60
        monkeypatch.setattr(signing.time, "time", lambda: later)
    for method in (client.get, client.post):
        response = method(reverse("introductions:answer", args=[token]), {"decision": "accept"})
        assert response.status_code == 400
        assert "Dieser Link funktioniert nicht" in response.content.decode()
    assert IntroductionRequest.objects.get().state == "pending"


def test_requests_are_limited_per_requester_per_day(client, member):
    for _ in range(services.REQUESTS_PER_DAY):
        assert ask(client, PersonFactory()).status_code == 302
    response = ask(client, PersonFactory())
    assert response.status_code == 429
    assert "höchstens 5 Vorstellungen pro Tag" in response.content.decode()
    # A day later they may ask again.
    IntroductionRequest.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert ask(client, PersonFactory()).status_code == 302


def test_the_message_is_length_limited_and_kept_on_error(client, member, person):
    response = ask(client, person, "x" * 1001)
    assert response.status_code == 400
    assert "x" * 1001 in response.content.decode()
    assert not IntroductionRequest.objects.exists()


def test_the_municipality_page_links_the_request_for_members_only(client, person):
    url = person.municipality.get_absolute_url()
    ask_url = reverse("introductions:ask", args=[person.slug])
    assert ask_url not in client.get(url).content.decode()
    client.force_login(UserFactory(password=None))
    page = client.get(url).content.decode()
    assert ask_url in page and "kim@stadt.example" not in page

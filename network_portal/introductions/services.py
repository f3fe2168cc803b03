"""Introductions (issue 14 point 5): ask, answer through a signed link, stop requests.

The person's address leaves the portal only when they accept, and then only to the
requester (and the requester's to them), by email. Requests are limited per requester
(REQUESTS_PER_DAY in 24 hours)."""

import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone

from network_portal.introductions.models import IntroductionOptOut, IntroductionRequest

REQUESTS_PER_DAY = 5
ANSWER_SALT = "introductions.answer"
ANSWER_MAX_AGE = 60 * 60 * 24 * 30  # an answer link works for 30 days
State = IntroductionRequest.State


class IntroductionError(Exception):
    """Why a request cannot be made (the message is shown to the requester)."""


class TooManyRequests(IntroductionError):
    pass


def can_be_asked(person) -> bool:
    return bool(person.email) and not IntroductionOptOut.objects.filter(person=person).exists()


def requests_left(user, *, now=None) -> int:
    since = (now or timezone.now()) - datetime.timedelta(days=1)
    made = IntroductionRequest.objects.filter(requester=user, created_at__gte=since).count()
    return max(0, REQUESTS_PER_DAY - made)


def request_create(*, actor, person, message: str) -> IntroductionRequest:
    """Records the request and emails the person (after the commit). Raises
    TooManyRequests or IntroductionError (no address, opted out, already waiting)."""
    from django.utils.translation import gettext as _

    from network_portal.introductions import tasks

    with transaction.atomic():
        # One requester at a time: the count and the insert cannot interleave.
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        if requests_left(actor) <= 0:
            raise TooManyRequests(
                _("You can ask for at most %(n)d introductions a day. Please try again tomorrow.")
                % {"n": REQUESTS_PER_DAY}
            )
        if not can_be_asked(person):
            raise IntroductionError(_("This person does not accept introduction requests."))
        if IntroductionRequest.objects.filter(
            requester=actor, person=person, state=State.PENDING
        ).exists():
            raise IntroductionError(
                _("You have already asked this person; the answer is still open.")
            )
        request = IntroductionRequest.objects.create(
            requester=actor, person=person, message=message.strip()
        )
        tasks.send_introduction_mail.delay_on_commit(request.pk, "ask")
    return request


def answer_token(request_id: int) -> str:
    return signing.dumps(request_id, salt=ANSWER_SALT)


def request_from_token(token: str) -> IntroductionRequest:
    """Raises signing.BadSignature (also when expired) or IntroductionRequest.DoesNotExist."""
    value = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_MAX_AGE)
    if not isinstance(value, int):
        raise signing.BadSignature("not a request")
    return IntroductionRequest.objects.select_related("person", "requester").get(pk=value)


def request_decide(request_id: int, *, accept: bool, stop_requests: bool = False) -> bool:
    """The person's answer; a second answer changes nothing. Returns whether it decided.
    stop_requests: no further requests reach the person (whatever the answer)."""
    from network_portal.introductions import tasks

    with transaction.atomic():
        request = (
            IntroductionRequest.objects.select_for_update()
            .select_related("person")
            .get(pk=request_id)
        )
        if stop_requests:
            IntroductionOptOut.objects.get_or_create(person=request.person)
        if request.state != State.PENDING:
            return False
        request.state = State.ACCEPTED if accept else State.DECLINED
        request.decided_at = timezone.now()
        request.save(update_fields=["state", "decided_at"])
        tasks.send_introduction_mail.delay_on_commit(request.pk, request.state)
    return True

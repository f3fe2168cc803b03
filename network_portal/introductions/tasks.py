"""Introduction emails (issue 14 point 5), on the mail queue ("*mail*" in task routes)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from network_portal.introductions.models import IntroductionRequest


def _mail(to: str, subject: str, template: str, context: dict, reply_to=None) -> None:
    EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(template, {**context, "site_url": settings.SITE_URL}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
    ).send()


def introduction_mail_send(request_id: int, kind: str) -> int:
    from network_portal.introductions.services import answer_token

    request = IntroductionRequest.objects.select_related("person", "requester").get(pk=request_id)
    person, requester = request.person, request.requester
    requester_name = requester.get_full_name() or requester.username
    context = {"request": request, "person": person, "requester_name": requester_name}
    with translation.override(settings.LANGUAGE_CODE):
        if kind == "ask":
            url = settings.SITE_URL + reverse(
                "introductions:answer", args=[answer_token(request.pk)]
            )
            _mail(
                person.email,
                _("%(name)s asks to be introduced to you") % {"name": requester_name},
                "introductions/email_ask.txt",
                {**context, "answer_url": url},
            )
            return 1
        if kind == IntroductionRequest.State.ACCEPTED:
            _mail(
                requester.email,
                _("%(name)s accepted your introduction request") % {"name": person.name},
                "introductions/email_accepted.txt",
                {**context, "other_name": person.name, "other_email": person.email},
                reply_to=[person.email],
            )
            _mail(
                person.email,
                _("Introduction: %(name)s") % {"name": requester_name},
                "introductions/email_accepted.txt",
                {**context, "other_name": requester_name, "other_email": requester.email},
                reply_to=[requester.email],
            )
            return 2
        _mail(
            requester.email,
            _("Your introduction request to %(name)s") % {"name": person.name},
            "introductions/email_declined.txt",
            context,
        )
        return 1


@shared_task(name="introductions.send_introduction_mail")
def send_introduction_mail(request_id: int, kind: str) -> int:
    return introduction_mail_send(request_id, kind)

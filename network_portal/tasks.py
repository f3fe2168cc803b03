import logging
from email.utils import formataddr

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry; the database session store never does it itself."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def contact_message_send(*, name: str, email: str, subject: str, message: str) -> bool:
    """Send a contact form message to the operator, Reply-To the sender. Nothing is stored;
    a failure is logged (without the message) and reported by the return value."""
    with translation.override(settings.LANGUAGE_CODE):  # the operator's language
        mail = EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{_('Contact form')}: {subject}",
            body=render_to_string(
                "pages/contact_email.txt", {"name": name, "email": email, "message": message}
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[settings.CONTACT_FORM_RECIPIENT],
            reply_to=[formataddr((name, email)) if name else email],
        )
    try:
        mail.send()
    except Exception:
        logger.exception("A contact form message could not be sent to the operator")
        return False
    return True


@shared_task
def send_contact_message(*, name: str, email: str, subject: str, message: str) -> bool:
    return contact_message_send(name=name, email=email, subject=subject, message=message)

"""Pages German public bodies' sites must have: the accessibility statement (BITV 2.0 § 7),
an explanation of the portal in Leichte Sprache (BITV 2.0 § 4), the Impressum (§ 5 DDG,
§ 18 MStV), the privacy statement (Art. 13 DSGVO) and a contact form."""

import datetime
import math
import re
from functools import partial

from allauth.core import ratelimit
from allauth.core.internal.ratelimit import parse_rates  # the syntax of the settings
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from network_portal.forms import ContactForm
from network_portal.tasks import send_contact_message

# When the statement was prepared (after the automated and manual checks). Update it with
# every review, at least once a year (BITV 2.0 § 7 (1)).
STATEMENT_PREPARED = datetime.date(2026, 11, 23)
SCHLICHTUNGSSTELLE_URL = "https://www.schlichtungsstelle-bgg.de"


@require_safe
def accessibility_statement(request):
    return render(
        request,
        "pages/accessibility_statement.html",
        {
            "prepared": STATEMENT_PREPARED,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "site_url": settings.SITE_URL,
            "schlichtungsstelle_url": SCHLICHTUNGSSTELLE_URL,
        },
    )


@require_safe
def easy_language(request):
    return render(
        request,
        "pages/easy_language.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )


# The operator's settings each legal page shows; a default still in use is flagged there.
IMPRESSUM_SETTINGS = (
    "OPERATOR_NAME",
    "OPERATOR_ADDRESS",
    "OPERATOR_REPRESENTATIVE",
    "OPERATOR_CONTENT_RESPONSIBLE",
    "OPERATOR_EMAIL",
    "OPERATOR_PHONE",
)
PRIVACY_SETTINGS = (
    "OPERATOR_NAME",
    "OPERATOR_ADDRESS",
    "OPERATOR_EMAIL",
    "DATA_PROTECTION_OFFICER",
    "DATA_PROTECTION_AUTHORITY",
)
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")


def is_placeholder(value: str) -> bool:
    """The demo defaults are [bracketed] or addresses at a domain reserved for examples."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return True
    return "@" in value and value.rsplit("@", 1)[1].lower() in PLACEHOLDER_DOMAINS


def lines(value: str) -> list[str]:
    """A multi-line setting: lines separated by "|", a line break or a literal "\\n"."""
    return [line for line in re.split(r"\s*(?:\||\\n|\n)\s*", value.strip()) if line]


def placeholders_among(names) -> list[str]:
    return [name for name in names if is_placeholder(getattr(settings, name))]


def rate_limit_hours() -> int:
    """The longest time a rate limit remembers a client address, in whole hours (at least 1)."""
    specs = [*(settings.ACCOUNT_RATE_LIMITS or {}).values(), settings.CONTACT_FORM_RATE_LIMIT]
    seconds = max((rate.duration for spec in specs for rate in parse_rates(spec)), default=0)
    return max(1, math.ceil(seconds / 3600))


def operator_context() -> dict:
    return {
        "operator_name": settings.OPERATOR_NAME,
        "operator_address": lines(settings.OPERATOR_ADDRESS),
        "operator_email": settings.OPERATOR_EMAIL,
        "operator_phone": settings.OPERATOR_PHONE,
    }


@require_safe
def impressum(request):
    responsible = lines(settings.OPERATOR_CONTENT_RESPONSIBLE)
    return render(
        request,
        "pages/impressum.html",
        {
            **operator_context(),
            "placeholders": placeholders_among(IMPRESSUM_SETTINGS),
            "representative": settings.OPERATOR_REPRESENTATIVE,
            "register": settings.OPERATOR_REGISTER,
            "vat_id": settings.OPERATOR_VAT_ID,
            "supervisory_authority": lines(settings.OPERATOR_SUPERVISORY_AUTHORITY),
            "content_responsible": responsible,
            # one line is a name alone: that person is reached at the operator's address
            "content_responsible_at_operator": len(responsible) < 2,
        },
    )


@require_safe
def privacy(request):
    if settings.OPERATOR_PUBLIC_BODY:
        interest_basis = _("Art. 6 (1) (e) GDPR (performance of a task in the public interest)")
    else:
        interest_basis = _("Art. 6 (1) (f) GDPR (legitimate interests)")
    return render(
        request,
        "pages/privacy.html",
        {
            **operator_context(),
            "placeholders": placeholders_among(PRIVACY_SETTINGS),
            "data_protection_officer": lines(settings.DATA_PROTECTION_OFFICER),
            "data_protection_authority": lines(settings.DATA_PROTECTION_AUTHORITY),
            "hosting_provider": settings.HOSTING_PROVIDER,
            "email_host": settings.EMAIL_HOST,
            "interest_basis": interest_basis,
            "log_days": settings.SERVER_LOG_RETENTION_DAYS,
            "rate_limit_hours": rate_limit_hours(),
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
            "absolute_hours": settings.SESSION_ABSOLUTE_LIFETIME // 3600,
            "csrf_days": settings.CSRF_COOKIE_AGE // (24 * 60 * 60),
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    """Send a message to the operator by email; the page never shows where it goes."""
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Only messages that would be sent count towards the limit, per client address
        # as allauth determines it for the sign-in limits.
        limited = ratelimit.consume_or_429(
            request,
            action="contact_form",
            config={"contact_form": settings.CONTACT_FORM_RATE_LIMIT},
        )
        if limited:
            return limited
        if not form.is_spam():
            data = {key: form.cleaned_data[key] for key in ("name", "email", "subject", "message")}
            transaction.on_commit(partial(send_contact_message.delay, **data))
        messages.success(request, _("Thank you for your message. We will answer you by email."))
        return redirect("contact")
    return render(request, "pages/contact.html", {"form": form})

"""Pages German public bodies' sites must have: the accessibility statement (BITV 2.0 § 7)
and an explanation of the portal in Leichte Sprache (BITV 2.0 § 4)."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

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

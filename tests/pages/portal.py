from django.urls import reverse

from tests.pages import EVERYONE, exempt_namespace, page


# Everyone: the home page lists members-only projects to those who may see them, and the
# navigation shows the administration to admins (the samples' data is all there).
@page("home", personas=EVERYONE)
def home_page():
    return reverse("home")


@page("healthz", html=False)
def healthz():
    return reverse("healthz")


@page("accessibility_statement")
def accessibility_statement():
    return reverse("accessibility_statement")


@page("easy_language")
def easy_language():
    return reverse("easy_language")


@page("impressum")
def impressum():
    return reverse("impressum")


@page("privacy")
def privacy():
    return reverse("privacy")


@page("contact")
def contact():
    """GET shows the form; what a POST does is tested in tests/foundation/test_legal_pages.py."""
    return reverse("contact")


@page("set_language", html=False)
def set_language():
    """POST only (the footer's language switch); a GET just redirects back."""
    return reverse("set_language")


exempt_namespace(
    "admin",
    "Django's admin is for site staff only and Django's own; its login goes through the "
    "portal's rate-limited sign-in (tested in tests/quality/test_security.py).",
)

"""STYLE §0b: visibility is decided by core.access alone. Templates ask the viewer, and no
view, queryset or template decides what to show from `user.is_authenticated`."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Sign-in plumbing may ask whether someone is signed in; it decides no visibility.
ALLOWED = {
    "network_portal/middleware.py",  # ends lapsed sessions of signed-in people
    "members/access.py",  # builds the viewer
    "members/two_factor.py",
    "core/access.py",  # the rule itself
}
ASKS_THE_ACCOUNT = re.compile(r"user\.is_(authenticated|staff|superuser)")


def sources():
    for folder in ("core", "members", "projects", "events", "network_portal", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".html"} and "migrations" not in path.parts:
                yield path


def test_no_page_decides_visibility_from_the_account_alone():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources()
        if str(path.relative_to(ROOT)) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ASKS_THE_ACCOUNT.search(line)
    ]
    assert offenders == []

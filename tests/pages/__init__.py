"""The registry of page types every quality gate walks (axe, vnu, headers, bad input, browser).

Each app's pages register in their own module here (members.py, projects.py, events.py,
portal.py, search.py); a meta-test fails when a URL pattern has neither an entry nor an
exemption with a reason. A builder makes its data with factories (it runs inside a test
with database access) and returns the path to check.

A builder takes no arguments, or one keyword argument `user`: then the gates call it once
per persona with that persona's user (None for a visitor), so a page that depends on who
looks at it (a form for the officer's own municipality) can build its data for them.

The personas (tests/quality/gates.py makes their users): VISITOR; MEMBER, an account without
an officer link or a role; OFFICER, an approved digital officer of every municipality the
samples make; NETWORK_ADMIN (with two factors) and ORGANIZER of every network the samples
make; STAFF (with two factors). Their links and roles are given after every builder ran, so
each sees what the samples keep for network members. A page that looks different to one of
them (members-only projects, the administration link) registers for it too.

`follow=True` marks a page that answers its sample URL with a redirect to the page people
see (allauth's password reset link stores its key in the session, then redirects): the
gates follow the redirect and check where it ends.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

VISITOR = "visitor"
MEMBER = "member"  # signed in, without an officer link or a role: an account alone
OFFICER = "officer"  # approved digital officer of every sample municipality
NETWORK_ADMIN = "network_admin"  # admin of every sample network, with two factors
ORGANIZER = "organizer"  # event organizer of every sample network
STAFF = "staff"  # site staff, with two factors
PERSONAS = (VISITOR, MEMBER, OFFICER, NETWORK_ADMIN, ORGANIZER, STAFF)
EVERYONE = PERSONAS
# Public pages with members-only projects: those who see them (officer, staff) beside those
# who do not. (Admins and organizers see them as the officer does.)
READERS = (VISITOR, MEMBER, OFFICER, STAFF)
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class PageType:
    url_name: str  # "namespace:name" as used with reverse()
    build: Callable[..., str]
    personas: tuple[str, ...] = (VISITOR, MEMBER)
    # Pages that only answer POST, or that redirect, are checked for status/headers only.
    html: bool = True
    follow: bool = False

    @property
    def per_persona(self) -> bool:
        """Whether the builder makes its data for the person who looks (takes `user`)."""
        return "user" in inspect.signature(self.build).parameters

    def path_for(self, user=None) -> str:
        """Run the builder; `user` is the persona's user, None for a visitor."""
        if self.per_persona:
            return self.build(user=user)
        return self.build()


PAGE_TYPES: dict[str, PageType] = {}
EXEMPT: dict[str, str] = {}  # url_name -> why no quality gate needs to visit it
EXEMPT_NAMESPACES: dict[str, str] = {}  # namespace -> why none of its pages need a visit


def page(
    url_name: str,
    *,
    personas: tuple[str, ...] = (VISITOR, MEMBER),
    html: bool = True,
    follow: bool = False,
):
    """Register the decorated builder as the sample of `url_name`."""

    def register(build: Callable[..., str]) -> Callable[..., str]:
        if url_name in PAGE_TYPES:
            raise ValueError(f"{url_name} is registered twice")
        unknown = set(personas) - set(PERSONAS)
        if unknown or not personas:
            raise ValueError(f"{url_name}: personas must be taken from {PERSONAS}")
        PAGE_TYPES[url_name] = PageType(url_name, build, tuple(personas), html, follow)
        return build

    return register


def exempt(url_name: str, reason: str) -> None:
    if not reason.strip():
        raise ValueError(f"{url_name}: an exemption needs a reason")
    EXEMPT[url_name] = reason


def exempt_namespace(namespace: str, reason: str) -> None:
    """Exempt every URL pattern in `namespace` (e.g. the Django admin's)."""
    if not reason.strip():
        raise ValueError(f"{namespace}: an exemption needs a reason")
    EXEMPT_NAMESPACES[namespace] = reason


def load_all() -> dict[str, PageType]:
    """Import every registry module so their @page decorators run."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return PAGE_TYPES


def samples(*, html_only: bool = False):
    """Every (page type, persona, language) the gates check, in a stable order."""
    for url_name in sorted(load_all()):
        page_type = PAGE_TYPES[url_name]
        if html_only and not page_type.html:
            continue
        for persona in page_type.personas:
            for language in LANGUAGES:
                yield page_type, persona, language

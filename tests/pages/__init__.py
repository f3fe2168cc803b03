"""The registry of page types every quality gate walks (axe, vnu, headers, bad input, browser).

Each app's pages register in their own module here (members.py, projects.py, events.py,
portal.py, search.py); a meta-test fails when a URL pattern has neither an entry nor an
exemption with a reason. A builder makes its data with factories (it runs inside a test
with database access) and returns the path to check.
"""

from collections.abc import Callable
from dataclasses import dataclass

VISITOR = "visitor"
MEMBER = "member"  # a signed-in municipal digital officer


@dataclass(frozen=True)
class PageType:
    url_name: str  # "namespace:name" as used with reverse()
    build: Callable[[], str]
    personas: tuple[str, ...] = (VISITOR, MEMBER)
    # Pages that only answer POST, or that redirect, are checked for status/headers only.
    html: bool = True


PAGE_TYPES: dict[str, PageType] = {}
EXEMPT: dict[str, str] = {}  # url_name -> why no quality gate needs to visit it


def page(url_name: str, *, personas: tuple[str, ...] = (VISITOR, MEMBER), html: bool = True):
    """Register the decorated builder as the sample of `url_name`."""

    def register(build: Callable[[], str]) -> Callable[[], str]:
        if url_name in PAGE_TYPES:
            raise ValueError(f"{url_name} is registered twice")
        PAGE_TYPES[url_name] = PageType(url_name, build, personas, html)
        return build

    return register


def exempt(url_name: str, reason: str) -> None:
    EXEMPT[url_name] = reason


def load_all() -> dict[str, PageType]:
    """Import every registry module so their @page decorators run."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return PAGE_TYPES

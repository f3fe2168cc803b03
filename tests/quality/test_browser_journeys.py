"""Journeys a person makes, by clicking and typing in Chromium against a live server:
sign up, verify, sign in and out; switch the language; browse from the home page through
the navigation to every list and detail page; and one journey by keyboard alone.

Every journey also asserts (in the open_context fixture) that nothing was loaded from a
host other than the portal's, and that the browser logged no errors (CSP included)."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.quality.gates import build_samples

pytestmark = pytest.mark.browser

SIGNED_IN = "form[action='/konto/logout/'] button"
SIGN_IN_LINK = "footer a[href='/konto/login/']"
# Links the crawl leaves alone: accounts, admin, feeds and downloads are other journeys.
NOT_BROWSED = ("/konto/", "/admin/", "/i18n/", "/static/")
# Downloads, feeds and data (tests/interfaces/, tests/api/): a browser saves them, no page.
NOT_PAGES = (".csv", ".ics", ".atom", ".xml", ".txt", ".rdf", ".ttl", ".jsonld", ".yml")


def no_errors(watcher):
    assert not watcher.failed_resources, watcher.failed_resources
    assert not watcher.console_errors, watcher.console_errors


def submit(page):
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_sign_up_verify_sign_in_and_out(open_context, mailoutbox):
    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    page.goto("/")
    page.click("footer a[href='/konto/signup/']")
    page.fill("#id_email", "neue.person@example.org")
    page.fill("#id_password1", "Sonnen-Blume-Fahrrad-9")
    page.fill("#id_password2", "Sonnen-Blume-Fahrrad-9")
    submit(page)

    assert urlsplit(page.url).path == "/konto/confirm-email/"
    assert page.locator(SIGNED_IN).count() == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["neue.person@example.org"]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailoutbox[0].body)
    assert link, mailoutbox[0].body

    page.goto(urlsplit(link.group(0)).path)
    submit(page)  # "Confirm"
    assert page.locator(SIGNED_IN).count() == 1, "verifying the address signs the person in"

    with page.expect_navigation():
        page.click(SIGNED_IN)
    assert page.locator(SIGNED_IN).count() == 0

    page.click(SIGN_IN_LINK)
    page.fill("#id_login", "neue.person@example.org")
    page.fill("#id_password", "Sonnen-Blume-Fahrrad-9")
    submit(page)
    assert page.locator(SIGNED_IN).count() == 1
    assert urlsplit(page.url).path == "/"

    with page.expect_navigation():
        page.click(SIGNED_IN)
    assert page.locator(SIGN_IN_LINK).count() == 1
    no_errors(watcher)


def test_switch_to_english_and_back(open_context):
    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    page.goto("/barrierefreiheit/")
    assert page.evaluate("document.documentElement.lang") == "de"

    with page.expect_navigation():
        page.click("form.language-switch button[value=en]")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert urlsplit(page.url).path == "/barrierefreiheit/", "the switch stays on the page"
    assert page.locator("h1").inner_text() == "Accessibility statement"

    page.goto("/")
    assert page.evaluate("document.documentElement.lang") == "en", "the choice is kept"

    with page.expect_navigation():
        page.click("form.language-switch button[value=de]")
    assert page.evaluate("document.documentElement.lang") == "de"
    no_errors(watcher)


def url_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def same_site_links(page, scope, host):
    """(url name, path) of the portal's own links inside `scope`, first of each name."""
    found = {}
    for href in page.eval_on_selector_all(f"{scope} a[href]", "els => els.map(a => a.href)"):
        parts = urlsplit(href)
        if parts.netloc != host or parts.path.startswith(NOT_BROWSED):
            continue
        if parts.path.endswith(NOT_PAGES) or (
            parts.path.startswith("/api/") and not parts.path.startswith("/api/docs/")
        ):
            continue
        name = url_name(parts.path)
        if name and name not in found:
            found[name] = parts.path + (f"?{parts.query}" if parts.query else "")
    return found


def test_browse_from_home_through_the_navigation_to_every_list_and_detail_page(open_context):
    """Data-driven: every link in the main navigation (and the footer) is followed by a
    click, and from each page reached, one link per kind of page in its main content, so
    a list or detail page added later joins this journey by being linked."""
    build_samples(languages=("de",))  # the registry's sample data fills the lists
    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    statuses = {}
    page.on(
        "response",
        lambda r: (
            statuses.__setitem__(urlsplit(r.url).path, r.status)
            if r.request.is_navigation_request()
            else None
        ),
    )
    page.goto("/")
    host = urlsplit(page.url).netloc
    start = {**same_site_links(page, "nav.main-nav", host), **same_site_links(page, "footer", host)}
    assert "home" in start

    visited, problems = {}, []

    def visit_by_click(from_path, name, path):
        if name in visited:
            return False
        if urlsplit(page.url).path != urlsplit(from_path).path:
            page.go_back()  # to the page the link was on, as a person returns to it
        if urlsplit(page.url).path != urlsplit(from_path).path:
            page.goto(from_path)
        with page.expect_navigation():
            page.locator(f"a[href='{path}']").first.click()
        visited[name] = path
        status = statuses.get(urlsplit(page.url).path)
        if status != 200:
            problems.append(f"{name} {path}: status {status}")
        heading = page.locator("h1")
        try:  # waits a little: the API explorer's script renders its <h1> after the load event
            expect(heading).to_have_count(1)
        except AssertionError:
            problems.append(f"{name} {path}: {heading.count()} <h1> elements")
        return True

    for name, path in start.items():
        visit_by_click("/", name, path)
    lists = dict(visited)
    for list_path in lists.values():  # one level further: the detail pages
        page.goto(list_path)
        for name, path in same_site_links(page, "main", host).items():
            if len(visited) > 80:
                break
            visit_by_click(list_path, name, path)

    assert set(start) <= set(visited)
    assert not problems, problems
    no_errors(watcher)
    print(f"browsed {len(visited)} kinds of page: {sorted(visited)}")


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, id: el.id, href: el.getAttribute("href"),
    cls: el.className, name: el.getAttribute("name"),
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}"""


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element satisfies `predicate`; every stop on the way
    must show where the focus is."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "BODY":
            assert focused["outline"] or focused["shadow"], f"focus not visible on {focused}"
        if predicate(focused):
            return focused
    raise AssertionError(f"Tab never reached the element after {limit} presses")


def test_keyboard_only_skip_link_and_sign_in(open_context):
    user = UserFactory()
    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    page.goto("/")

    focused = tab_to(page, lambda f: True, limit=1)
    assert "skip-link" in focused["cls"], "the first Tab lands on the skip link"
    assert focused["focusVisible"] and focused["outline"], "with a visible focus outline"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "and the link shows on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, lambda f: f["href"] == "/konto/login/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/konto/login/"

    tab_to(page, lambda f: f["id"] == "id_login")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type("ein-falsches-Passwort")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.locator("main [role=alert]")
    assert alert.count() == 1 and alert.is_visible(), "a wrong password is announced"

    tab_to(page, lambda f: f["id"] == "id_password")
    page.keyboard.type(DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/"
    assert page.locator(SIGNED_IN).count() == 1
    no_errors(watcher)

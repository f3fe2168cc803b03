"""The officer's journey, in Chromium against a live server with the demo data: a person
signs up, verifies the address and asks to become Kempten's digital officer; an admin of
MPSC signs in with password and authenticator code and approves the request in the
workspace; the new officer then sees the members-only project of Bamberg (Kempten's peer in
MPSC) — on its page, among Kempten's peers' shared topics — while a visitor and an account
without a link still find no trace of it."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.access import Visibility
from members.models import Municipality, Network, NetworkRole, Officer
from projects.models import Project
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.members import give_two_factor, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_IN = "form[action='/konto/logout/'] button"
PASSWORD = "Allgäu-Daten-Brücke-7"
MEMBERS_ONLY = "civitas-core"  # Bamberg's data platform, made members-only here


def submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def sign_out(page):
    with page.expect_navigation():
        page.click(SIGNED_IN)


@pytest.fixture
def demo():
    call_command("loaddata", "demo", verbosity=0)
    Project.objects.filter(slug=MEMBERS_ONLY).update(visibility=Visibility.MEMBERS)
    admin = UserFactory(email="admin.mpsc@example.org")
    NetworkRole.objects.create(
        user=admin, network=Network.objects.get(slug="mpsc"), role=NetworkRole.Role.ADMIN
    )
    return admin, give_two_factor(admin)


def test_sign_up_become_kemptens_officer_and_see_what_mpsc_keeps_for_members(
    open_context, mailoutbox, demo
):
    admin, secret = demo
    project_url = reverse("projects:project_detail", kwargs={"slug": MEMBERS_ONLY})
    kempten = Municipality.objects.get(slug="kempten")
    peers_url = reverse("peers", kwargs={"slug": "kempten"})

    # A person signs up and verifies the address.
    context, watcher = open_context()
    page = watcher.watch(context.new_page())
    page.goto(reverse("account_signup"))
    page.fill("#id_email", "digital@kempten.example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    submit(page)
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    page.goto(urlsplit(link.group(0)).path)
    submit(page)
    assert page.locator(SIGNED_IN).count() == 1

    # Before the link, an account alone sees no members-only project.
    assert page.goto(project_url).status == 404

    # They ask to become Kempten's officer, from Kempten's page.
    page.goto(kempten.get_absolute_url())
    with page.expect_navigation():
        page.click(f"main a[href='{reverse('members:officer_request', args=['kempten'])}']")
    page.fill("#id_role_title", "Chief Digital Officer")
    page.fill("#id_message", "Erreichbar über die Stadtverwaltung Kempten.")
    submit(page)
    assert urlsplit(page.url).path == reverse("members:my_requests")
    request = Officer.objects.get(user__email="digital@kempten.example.org")
    assert request.status == Officer.Status.REQUESTED

    # MPSC's admin signs in with password and authenticator code, and approves.
    admin_context, admin_watcher = open_context()
    admin_page = admin_watcher.watch(admin_context.new_page())
    admin_page.goto(reverse("account_login"))
    admin_page.fill("#id_login", admin.email)
    admin_page.fill("#id_password", DEFAULT_PASSWORD)
    submit(admin_page)
    assert urlsplit(admin_page.url).path == reverse("mfa_authenticate")
    admin_page.fill("#id_code", totp_code(secret))
    submit(admin_page)
    assert admin_page.locator(SIGNED_IN).count() == 1

    with admin_page.expect_navigation():
        admin_page.click(f"a[href='{reverse('members:workspace')}']")
    workspace = reverse("members:workspace_network", kwargs={"slug": "mpsc"})
    with admin_page.expect_navigation():
        admin_page.click(f"main a[href='{workspace}']")
    card = admin_page.locator("li.card", has_text="digital@kempten.example.org")
    with admin_page.expect_navigation():
        card.locator("button[name=decision][value=approve]").click()
    assert urlsplit(admin_page.url).path == workspace
    request.refresh_from_db()
    assert request.status == Officer.Status.APPROVED
    assert request.decided_by == admin

    # The new officer now sees Bamberg's members-only project, and Bamberg among Kempten's
    # peers with the topic they share through it.
    assert page.goto(project_url).status == 200
    page.goto(peers_url)
    bamberg = page.locator("main li.card", has=page.locator("a[href='/kommunen/bamberg/']")).first
    assert "Datenplattformen" in bamberg.inner_text()
    page.goto(reverse("projects:project_list"))
    assert page.locator(f"main a[href='{project_url}']").count() == 1
    sign_out(page)

    # A visitor and an account without a link still find no trace of it.
    assert page.goto(project_url).status == 404
    page.goto(reverse("projects:project_list"))
    assert page.locator(f"main a[href='{project_url}']").count() == 0
    page.goto(peers_url)
    bamberg = page.locator("main li.card", has=page.locator("a[href='/kommunen/bamberg/']")).first
    assert "Datenplattformen" not in bamberg.inner_text()

    other_context, other_watcher = open_context(user=UserFactory())
    other = other_watcher.watch(other_context.new_page())
    assert other.goto(project_url).status == 404
    other.goto(reverse("search") + "?q=CIVITAS")
    assert other.locator(f"main a[href='{project_url}']").count() == 0

    for each in (watcher, admin_watcher, other_watcher):
        assert not each.failed_resources, each.failed_resources
        # The 404s above log one console error each (the browser reports the status).
        assert all("404" in error for error in each.console_errors), each.console_errors

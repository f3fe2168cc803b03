"""The permission matrix (STYLE §8): every URL pattern of the portal, GET and POST, as every
persona of tests/personas.py, with the exact answer each must get:

- 200 where the persona may look (or a form it may send answers with its errors);
- a redirect to the sign-in page for visitors on pages that need an account;
- 404 where the object is outside the persona's reach: a members-only project of X (in N)
  for anyone who does not reach N, a draft recap for anyone but N's organizers and admins
  and staff — its existence must not leak;
- 403 for a known, public object without the right (another network's workspace);
- 405 for a method the page does not take.

A meta-test fails when a named URL pattern is neither in the matrix nor exempt with a reason:
only the Django admin's and allauth's own account pages are exempt.
"""

import pytest
from django.urls import reverse

from members.models import Officer
from tests.personas import (
    ADMIN_M,
    ADMIN_N,
    ADMIN_N_WITHOUT_2FA,
    OFFICER_X,
    OFFICER_Y,
    PERSONAS,
    STAFF,
    STAFF_WITHOUT_2FA,
    UNLINKED,
    VISITOR,
    log_in,
)
from tests.quality.matrix import (
    EDITING_N,
    HOME,
    LOGIN,
    REACHING_N,
    SIGNED_IN_OFFICER_X,
    Redirect,
    cells,
    check_cell,
    collected_rows,
    describe,
    everyone,
    matches,
    only,
    page,
    signed_in,
    slug_url,
)
from tests.quality.test_registry_covers_every_url import url_patterns

ROWS = [
    # Public pages.
    page("home"),
    page("healthz"),
    page("accessibility_statement"),
    page("easy_language"),
    page("impressum"),
    page("privacy"),
    # An empty message is shown again with its errors.
    page("contact", post=everyone(200)),
    page("search", lambda world: reverse("search") + "?q=Wärmespeicher"),
    page("members:network_list"),
    page("network_detail", slug_url("network_detail", "n")),
    page("municipality_list"),
    page("municipality_detail", slug_url("municipality_detail", "x")),
    page("peers", slug_url("peers", "x")),
    page("topic_detail", slug_url("topic_detail", "topic")),
    page("projects:project_list"),
    page("projects:topic_list"),
    page("projects:project_detail", slug_url("projects:project_detail", "public_project")),
    page(
        "projects:project_detail",
        slug_url("projects:project_detail", "members_project"),
        get=only(REACHING_N, 200, otherwise=404),
        variant="members-only",
    ),
    page("events:event_list"),
    page("events:event_detail", slug_url("events:event_detail", "event")),
    page("events:recap_list"),
    page("events:recap_detail", slug_url("events:recap_detail", "recap")),
    page(
        "events:recap_detail",
        slug_url("events:recap_detail", "draft_recap"),
        get=only(EDITING_N, 200, otherwise=404),
        variant="draft",
    ),
    # The language switch takes POST and sends the person back (home, without `next`).
    page("set_language", get=everyone(HOME), post=everyone(HOME)),
    # The person's own data (members/account_urls.py).
    page("account_data", get=signed_in(200), post=signed_in(405)),
    page("account_data_download", get=signed_in(200), post=signed_in(405)),
    # Deleting needs the password: an empty form comes back with its errors.
    page("account_delete", get=signed_in(200), post=signed_in(200)),
]


# A person's own requests (members/views_requests.py): anyone signed in may ask to become
# an officer; only an officer of the municipality asks for it to join a network.
def asked(world, **fields):
    return {"role_title": "Digitallotsin", "message": "", **fields}


ROWS += [
    page(
        "members:officer_request",
        slug_url("members:officer_request", "w"),
        get=signed_in(200),
        post=signed_in(Redirect("members:my_requests")),
        data=asked,
    ),
    page(
        "members:membership_request",
        slug_url("members:membership_request", "x"),
        get=only(SIGNED_IN_OFFICER_X, 200, otherwise=403) | {VISITOR: LOGIN},
        post=only(SIGNED_IN_OFFICER_X, Redirect("members:my_requests"), otherwise=403)
        | {VISITOR: LOGIN},
        data=lambda world: {"network": world.m.pk, "message": ""},
    ),
    page("members:my_requests", get=signed_in(200), post=signed_in(405)),
    # Only one's own approved link: anyone else's id is unknown (404).
    page(
        "members:officer_step_down",
        lambda world: reverse("members:officer_step_down", kwargs={"pk": officer_x_link(world)}),
        get=signed_in(405),
        post=only(SIGNED_IN_OFFICER_X, Redirect("members:my_requests"), otherwise=404)
        | {VISITOR: LOGIN},
    ),
]


def officer_x_link(world):
    """officer_x's own approved link to X (made with the persona)."""
    return Officer.objects.get(
        municipality=world.x, status=Officer.Status.APPROVED, user__username__startswith=OFFICER_X
    ).pk


# The network admins' workspace (members/views_workspace.py): visitors sign in first, a
# known network one does not administer answers 403, an id outside the network in the URL
# 404. Allowed changes end in a redirect back to the workspace.
ADMINS_OF_ANY = (ADMIN_N, ADMIN_M, STAFF)
ADMINS_OF_N = (ADMIN_N, STAFF)
BACK_TO_N = Redirect("members:workspace_network", slug="persona-n")
BACK_TO_WORKSPACE = Redirect("members:workspace")


def in_n(url_name, attribute=None):
    def url(world):
        kwargs = {"slug": world.n.slug}
        if attribute:
            kwargs["pk"] = getattr(world, attribute).pk
        return reverse(url_name, kwargs=kwargs)

    return url


def unaffiliated(url_name, attribute):
    return lambda world: reverse(url_name, kwargs={"pk": getattr(world, attribute).pk})


def workspace_get(personas):
    return {**only(personas, 200, otherwise=403), VISITOR: LOGIN}


def workspace_post(personas, outcome):
    """`outcome` for `personas` (404 for an id outside the network in the URL: unknown to
    its admins, not forbidden), 403 for the rest signed in: the network is public."""
    return {**only(personas, outcome, otherwise=403), VISITOR: LOGIN}


APPROVE = {"decision": "approve"}


def prefixed(prefix, attribute, **fields):
    def data(world):
        pk = getattr(world, attribute).pk
        return {f"{prefix}-{pk}-{key}": value for key, value in fields.items()} | APPROVE

    return data


ROWS += [
    page("members:workspace", get=workspace_get(ADMINS_OF_ANY), post=signed_in(405)),
    page("members:audit_log_all", get=workspace_get((STAFF,)), post=signed_in(405)),
    page(
        "members:workspace_network",
        in_n("members:workspace_network"),
        get=workspace_get(ADMINS_OF_N),
        post=signed_in(405),
    ),
    page(
        "members:audit_log",
        in_n("members:audit_log"),
        get=workspace_get(ADMINS_OF_N),
        post=signed_in(405),
    ),
    page(
        "members:officer_decide",
        in_n("members:officer_decide", "pending_officer_x"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, BACK_TO_N),
        data=lambda world: APPROVE,
    ),
    # M's request through N's workspace: unknown there, even to staff.
    page(
        "members:officer_decide",
        in_n("members:officer_decide", "pending_officer_y"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, 404),
        data=lambda world: APPROVE,
        variant="request of M",
    ),
    page(
        "members:officer_remove",
        in_n("members:officer_remove", "approved_officer_z"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, BACK_TO_N),
        data=prefixed("remove", "approved_officer_z", reason="Hat die Stelle gewechselt."),
    ),
    page(
        "members:officer_remove",
        in_n("members:officer_remove", "approved_officer_y"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, 404),
        data=prefixed("remove", "approved_officer_y", reason="Hat die Stelle gewechselt."),
        variant="officer of M",
    ),
    page(
        "members:officer_decide_unaffiliated",
        unaffiliated("members:officer_decide_unaffiliated", "pending_officer_w"),
        get=signed_in(405),
        post=workspace_post((STAFF,), BACK_TO_WORKSPACE),
        data=lambda world: APPROVE,
    ),
    # A request for X, in N: decided in N's workspace, unknown among the unaffiliated.
    page(
        "members:officer_decide_unaffiliated",
        unaffiliated("members:officer_decide_unaffiliated", "pending_officer_x"),
        get=signed_in(405),
        post=workspace_post((STAFF,), 404),
        data=lambda world: APPROVE,
        variant="request of N",
    ),
    page(
        "members:officer_remove_unaffiliated",
        unaffiliated("members:officer_remove_unaffiliated", "approved_officer_w"),
        get=signed_in(405),
        post=workspace_post((STAFF,), BACK_TO_WORKSPACE),
        data=prefixed("remove", "approved_officer_w", reason="Hat die Stelle gewechselt."),
    ),
    page(
        "members:membership_decide",
        in_n("members:membership_decide", "pending_membership_n"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, BACK_TO_N),
        data=prefixed("membership", "pending_membership_n", tier="member"),
    ),
    page(
        "members:membership_decide",
        in_n("members:membership_decide", "pending_membership_m"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, 404),
        data=prefixed("membership", "pending_membership_m", tier="member"),
        variant="request to M",
    ),
    page(
        "members:membership_edit",
        in_n("members:membership_edit", "membership_xn"),
        get=workspace_get(ADMINS_OF_N),
        post=workspace_post(ADMINS_OF_N, BACK_TO_N),
        data=lambda world: {"joined_on": "2020-01-01", "tier": "founding", "reason": "Gründung"},
    ),
    page(
        "members:membership_edit",
        in_n("members:membership_edit", "membership_ym"),
        get=workspace_post(ADMINS_OF_N, 404),
        post=workspace_post(ADMINS_OF_N, 404),
        data=lambda world: {"joined_on": "2020-01-01", "tier": "founding", "reason": "Gründung"},
        variant="membership in M",
    ),
    page(
        "members:role_grant",
        in_n("members:role_grant"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, BACK_TO_N),
        data=lambda world: {"grant-email": "asks-w@example.org", "grant-role": "organizer"},
    ),
    page(
        "members:role_revoke",
        in_n("members:role_revoke", "role_n"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, BACK_TO_N),
    ),
    page(
        "members:role_revoke",
        in_n("members:role_revoke", "role_m"),
        get=signed_in(405),
        post=workspace_post(ADMINS_OF_N, 404),
        variant="role in M",
    ),
]

# allauth's own pages: allauth decides who may open them, and tests/foundation covers the
# portal's settings of them (sign-in limits, two factors, sessions).
ALLAUTH = "allauth's own account page; tests/foundation/test_accounts.py and friends test it"
EXEMPT = {
    "account_login": ALLAUTH,
    "account_logout": ALLAUTH,
    "account_inactive": ALLAUTH,
    "account_signup": ALLAUTH,
    "account_reauthenticate": ALLAUTH,
    "account_email": ALLAUTH,
    "account_email_verification_sent": ALLAUTH,
    "account_change_password": ALLAUTH,
    "account_set_password": ALLAUTH,
    "account_reset_password": ALLAUTH,
    "account_confirm_login_code": ALLAUTH,
    "account_confirm_email": ALLAUTH,
    "account_reset_password_from_key_done": ALLAUTH,
    "account_reset_password_from_key": ALLAUTH,
    "account_reset_password_done": ALLAUTH,
    "usersessions_list": ALLAUTH,
    "mfa_index": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_authenticate": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_reauthenticate": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_activate_totp": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_deactivate_totp": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_view_recovery_codes": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_generate_recovery_codes": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
    "mfa_download_recovery_codes": ALLAUTH + " (two factors: tests/foundation/test_two_factor.py)",
}
# Interfaces whose view shares its code and its access with a row of the same kind in
# matrix_rows/interfaces.py or matrix_rows/api.py (each row costs 16 requests); what each
# holds for whom is tested in tests/interfaces/ and tests/api/.
SAME_AS = "same view and access as the {} row; content per persona tested in {}"
for _name, _like in {
    "exports:municipalities_csv": "exports:projects_csv",
    "exports:recaps_csv": "exports:projects_csv",
    "exports:networks_csv": "exports:projects_csv",
    "exports:topics_csv": "exports:projects_csv",
    "exports:network_ics": "exports:topic_ics",
    "exports:events_ics": "exports:topic_ics",
    "exports:topic_projects_feed": "exports:municipality_projects_feed",
    "exports:network_projects_feed": "exports:municipality_projects_feed",
    "exports:recaps_feed": "exports:projects_feed",
    "exports:catalogue_rdf": "exports:catalogue_ttl",
    "exports:catalogue_jsonld": "exports:catalogue_ttl",
    "exports:sitemap": "exports:sitemap_section",
}.items():
    EXEMPT[_name] = SAME_AS.format(_like, "tests/interfaces/")
for _name in ("network", "municipality", "topic", "adoption", "event", "recap"):
    EXEMPT[f"api:{_name}-list"] = SAME_AS.format("api:project-list", "tests/api/")
EXEMPT["api:explorer"] = (
    "a static page (Swagger UI from the sidecar) that reads /api/schema/, whose row is in "
    "matrix_rows/api.py"
)
EXEMPT["api:not_found"] = "answers 404 problem+json for any unknown /api/ address (tests/api/)"

EXEMPT_NAMESPACES = {
    "admin": "Django's admin, for staff with two factors only: tests/quality/test_admin_login.py "
    "and tests/foundation/test_two_factor.py",
}


# The areas' rows (tests/quality/matrix_rows/) run in test_permission_matrix_areas.py, so the
# two halves of the matrix can run in parallel; the meta-tests here check all rows.
OWN_ROWS = list(ROWS)
ROWS += collected_rows()


@pytest.mark.parametrize(("row", "method", "name", "expected"), cells(OWN_ROWS))
def test_permission_matrix(personas_once, db, row, method, name, expected):
    check_cell(personas_once, row, method, name, expected)


def test_every_url_pattern_is_in_the_matrix_or_exempt():
    covered = {row.url_name for row in ROWS}
    missing = []
    for name, route, namespace in url_patterns():
        if namespace.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        if name not in covered and name not in EXEMPT:
            missing.append(f"{name} ({route})")
    assert not missing, "URL patterns missing from the permission matrix: " + ", ".join(missing)


def test_matrix_names_only_existing_patterns_and_every_persona():
    known = {name for name, _route, _ns in url_patterns() if name}
    stale = sorted(({row.url_name for row in ROWS} | set(EXEMPT)) - known)
    assert not stale, f"in the matrix or exempt, but no such URL pattern: {stale}"
    assert all(reason.strip() for reason in EXEMPT.values())
    for row in ROWS:
        assert set(row.get) == set(row.post) == set(PERSONAS), row.id


def test_the_matrix_covers_all_four_outcomes():
    """Guards the matrix itself: each kind of answer is asserted somewhere."""
    outcomes = {value for row in ROWS for value in (*row.get.values(), *row.post.values())}
    assert {200, 404, 405, LOGIN} <= outcomes
    assert {UNLINKED, OFFICER_Y, ADMIN_M} <= set(PERSONAS)


# Pages of the workspace: an admin or staff member without two factors is sent to set them
# up before anything else is checked.
WORKSPACE_NAMES = {
    "members:workspace",
    "members:audit_log_all",
    "members:workspace_network",
    "members:audit_log",
    "members:officer_decide",
    "members:officer_remove",
    "members:officer_decide_unaffiliated",
    "members:officer_remove_unaffiliated",
    "members:membership_decide",
    "members:membership_edit",
    "members:role_grant",
    "members:role_revoke",
}
TOTP_SETUP = Redirect("mfa_activate_totp")


@pytest.mark.parametrize("name", [STAFF_WITHOUT_2FA, ADMIN_N_WITHOUT_2FA])
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "row", [pytest.param(row, id=row.id) for row in ROWS if row.url_name in WORKSPACE_NAMES]
)
def test_workspace_sends_admins_without_two_factors_to_set_them_up(
    personas_once, db, row, method, name
):
    world, users = personas_once
    client = log_in(users[name])
    url = row.url(world)
    if method == "GET":
        response = client.get(url, secure=True)
    else:
        response = client.post(url, row.data(world), secure=True)
    assert matches(response, TOTP_SETUP), f"{method} {url} as {name}: got {describe(response)}"

"""Forged ids change nothing: posting the id of another network's officer request,
membership or role (or of somebody else's officer link) to a page one may use answers
404 — or 403 where the network in the URL is not one's own — and leaves every officer
link, membership, role and audit entry as it was."""

import pytest
from django.urls import reverse

from members.models import AuditEntry, Membership, NetworkRole, Officer
from tests.personas import ADMIN_M, ADMIN_N, OFFICER_X, STAFF, log_in

APPROVE = {"decision": "approve"}


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Officer, Membership, NetworkRole, AuditEntry)
    }


def workspace(url_name, network, target=None):
    def url(world):
        kwargs = {"slug": getattr(world, network).slug}
        if target:
            kwargs["pk"] = getattr(world, target).pk
        return reverse(url_name, kwargs=kwargs)

    return url


def unaffiliated(url_name, target):
    return lambda world: reverse(url_name, kwargs={"pk": getattr(world, target).pk})


def prefixed(prefix, target, **fields):
    def data(world):
        pk = getattr(world, target).pk
        return {f"{prefix}-{pk}-{key}": value for key, value in fields.items()} | APPROVE

    return data


def fixed(data):
    return lambda world: data


REMOVE = {"reason": "Gefälscht."}
CASES = [
    # (who, url, data, status, what)
    (
        ADMIN_N,
        workspace("members:officer_decide", "n", "pending_officer_y"),
        fixed(APPROVE),
        404,
        "M's officer request approved through N's workspace",
    ),
    (
        ADMIN_N,
        workspace("members:officer_decide", "n", "pending_officer_y"),
        fixed({"decision": "reject", "officer-0-reason": "Nein."}),
        404,
        "M's officer request rejected through N's workspace",
    ),
    (
        STAFF,
        workspace("members:officer_decide", "n", "pending_officer_y"),
        fixed(APPROVE),
        404,
        "M's officer request through N's workspace, by staff",
    ),
    (
        ADMIN_N,
        workspace("members:officer_decide", "m", "pending_officer_y"),
        fixed(APPROVE),
        403,
        "M's officer request through M's workspace, by N's admin",
    ),
    (
        ADMIN_N,
        unaffiliated("members:officer_decide_unaffiliated", "pending_officer_w"),
        fixed(APPROVE),
        403,
        "a request for a municipality in no network, by N's admin",
    ),
    (
        ADMIN_N,
        unaffiliated("members:officer_decide_unaffiliated", "pending_officer_y"),
        fixed(APPROVE),
        403,
        "M's officer request among the unaffiliated, by N's admin",
    ),
    (
        STAFF,
        unaffiliated("members:officer_decide_unaffiliated", "pending_officer_y"),
        fixed(APPROVE),
        404,
        "M's officer request among the unaffiliated, by staff",
    ),
    (
        ADMIN_N,
        workspace("members:officer_remove", "n", "approved_officer_y"),
        prefixed("remove", "approved_officer_y", **REMOVE),
        404,
        "M's officer removed through N's workspace",
    ),
    (
        ADMIN_N,
        unaffiliated("members:officer_remove_unaffiliated", "approved_officer_w"),
        prefixed("remove", "approved_officer_w", **REMOVE),
        403,
        "an officer of a municipality in no network removed by N's admin",
    ),
    (
        ADMIN_N,
        workspace("members:membership_decide", "n", "pending_membership_m"),
        prefixed("membership", "pending_membership_m", tier="member"),
        404,
        "a request to join M decided through N's workspace",
    ),
    (
        ADMIN_M,
        workspace("members:membership_decide", "n", "pending_membership_n"),
        prefixed("membership", "pending_membership_n", tier="member"),
        403,
        "a request to join N decided by M's admin",
    ),
    (
        ADMIN_N,
        workspace("members:membership_edit", "n", "membership_ym"),
        fixed({"joined_on": "2001-01-01", "left_on": "2002-01-01", "tier": "founding"}),
        404,
        "M's membership edited through N's workspace",
    ),
    (
        ADMIN_N,
        workspace("members:role_revoke", "n", "role_m"),
        fixed({}),
        404,
        "a role in M revoked through N's workspace",
    ),
    (
        ADMIN_N,
        workspace("members:role_revoke", "m", "role_m"),
        fixed({}),
        403,
        "a role in M revoked through M's workspace by N's admin",
    ),
    (
        ADMIN_N,
        workspace("members:role_grant", "m"),
        fixed({"grant-email": "asks-w@example.org", "grant-role": "admin"}),
        403,
        "a role in M granted by N's admin",
    ),
    (
        OFFICER_X,
        unaffiliated("members:officer_step_down", "approved_officer_z"),
        fixed({}),
        404,
        "somebody else's officer link ended",
    ),
    (
        OFFICER_X,
        lambda world: reverse("members:membership_request", kwargs={"slug": world.y.slug}),
        lambda world: {"network": world.n.pk},
        403,
        "a membership request for a municipality one is not officer of",
    ),
    (
        OFFICER_X,
        lambda world: reverse("members:membership_request", kwargs={"slug": world.x.slug}),
        lambda world: {"network": world.n.pk},
        400,
        "a membership request for a network X already belongs to",
    ),
]


@pytest.mark.parametrize(
    ("name", "url", "data", "status", "what"),
    [pytest.param(*case, id=case[4]) for case in CASES],
)
def test_a_forged_id_changes_nothing(personas_once, db, name, url, data, status, what):
    world, users = personas_once
    client = log_in(users[name])
    before = snapshot()

    response = client.post(url(world), data(world), secure=True)

    assert response.status_code == status, f"{what}: {response.status_code}"
    assert snapshot() == before, f"{what}: the database changed"


def test_the_same_posts_with_the_right_ids_do_change_something(personas_once, db):
    """Guards the cases above: the forms they post are the ones that work."""
    world, users = personas_once
    admin = log_in(users[ADMIN_N])
    url = workspace("members:officer_decide", "n", "pending_officer_x")(world)
    response = admin.post(url, APPROVE, secure=True)
    assert response.status_code == 302
    world.pending_officer_x.refresh_from_db()
    assert world.pending_officer_x.status == Officer.Status.APPROVED

    url = reverse("members:role_revoke", kwargs={"slug": world.n.slug, "pk": world.role_n.pk})
    assert admin.post(url, secure=True).status_code == 302
    assert not NetworkRole.objects.filter(pk=world.role_n.pk).exists()
    assert AuditEntry.objects.count() >= 2

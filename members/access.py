"""Builds the viewer of core.access from a user's officer links and network roles."""

import weakref
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, OuterRef

from core.access import VISITOR, Viewer
from members.models import Membership, NetworkRole, Officer
from members.two_factor import second_factors

# Stands for the user's id while the prepared statement is compiled; no account has it.
USER_PK_MARK = -710_456_321


# The attribute of a user loaded with their rights (user_with_rights), and the columns.
RIGHTS_ATTRIBUTE = "_portal_rights"
RIGHTS_COLUMNS = (
    "portal_officer_of",
    "portal_member_of",
    "portal_admin_of",
    "portal_organizer_of",
    "portal_two_factor",
)


def viewer_for(user, *, loaded_rights: bool = False) -> Viewer:
    """The viewer for `user` (anonymous: the visitor). One query for a signed-in person:
    their approved officer links, the networks those municipalities are active members of,
    their network roles and whether they sign in with a second factor (members.two_factor:
    rights beyond their own municipality need it). Always read from the primary database:
    rights take effect at once. With `loaded_rights` (the request's viewer: network_portal.
    middleware) the rights read with the session's user at the start of the request serve
    (user_with_rights), without a query; a service checking its actor reads them anew."""
    if user is None or not user.is_authenticated or not user.is_active:
        return VISITOR
    row = getattr(user, RIGHTS_ATTRIBUTE, None) if loaded_rights else None
    if row is None:
        row = _user_row(user.pk)
        if row is None:  # deleted since the session was read
            return VISITOR
        row = row[len(_user_columns()) :]
    officer_of, member_of, admin_of, organizer_of, two_factor = row
    staff = user.is_staff or user.is_superuser
    return Viewer(
        user_id=user.pk,
        is_staff=staff and two_factor,
        officer_of=frozenset(officer_of),
        member_of=frozenset(member_of),
        admin_of=frozenset(admin_of) if two_factor else frozenset(),
        organizer_of=frozenset(organizer_of),
        needs_two_factor=(staff or bool(admin_of)) and not two_factor,
    )


def rights_columns() -> dict:
    """The user's rights as columns of a query of users (RIGHTS_COLUMNS, in viewer_for's
    order)."""
    roles = NetworkRole.objects.filter(user=OuterRef("pk")).order_by()
    expressions = (
        ArraySubquery(officer_municipalities(OuterRef("pk"))),
        ArraySubquery(
            Membership.objects.active()
            .filter(municipality__in=officer_municipalities(OuterRef(OuterRef("pk"))))
            .order_by()
            .values("network_id")
        ),
        ArraySubquery(roles.filter(role=NetworkRole.Role.ADMIN).values("network_id")),
        ArraySubquery(roles.filter(role=NetworkRole.Role.ORGANIZER).values("network_id")),
        Exists(second_factors().filter(user=OuterRef("pk"))),
    )
    return dict(zip(RIGHTS_COLUMNS, expressions, strict=True))


# The name of user_with_rights' statement, prepared once per database connection.
PREPARED_STATEMENT = "portal_user_with_rights"
_prepared_on = weakref.WeakSet()


@cache
def prepare_statement_sql() -> str:
    """PREPARE of the user's row and their rights (the user's id as $1), compiled once per
    process. Prepared, because PostgreSQL takes about 0.7 ms to plan the five subqueries and
    0.1 ms to run them: planned once per connection, not on every signed-in request."""
    model = get_user_model()
    query = model.objects.filter(pk=USER_PK_MARK).annotate(**rights_columns())
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        sql = cursor.mogrify(*query.query.sql_with_params())
    pk_type = model._meta.pk.db_type(connections[DEFAULT_DB_ALIAS])
    assert sql.count(str(USER_PK_MARK)) == 1, sql  # noqa: S101 - the mark stands for one id
    body = sql.replace(str(USER_PK_MARK), "$1")
    return f"PREPARE {PREPARED_STATEMENT} ({pk_type}) AS {body}"


def _prepared(connection) -> None:
    """Prepares the statement on this connection, once (a prepared statement lives as long
    as the database session and outlives a rolled-back transaction). Part of setting up the
    connection, as Django's own statements on connecting are: sent on the driver's
    connection, so it is not counted among the queries of the request that happens to be
    the connection's first."""
    connection.ensure_connection()
    session = connection.connection
    if session in _prepared_on:
        return
    with session.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [PREPARED_STATEMENT])
        if cursor.fetchone() is None:
            cursor.execute(prepare_statement_sql())
    _prepared_on.add(session)


def _user_row(user_id) -> tuple | None:
    """The user's columns (in the model's order), then RIGHTS_COLUMNS: one prepared
    statement, on the primary database."""
    connection = connections[DEFAULT_DB_ALIAS]
    _prepared(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"EXECUTE {PREPARED_STATEMENT}(%s)", [user_id])
        return cursor.fetchone()


@cache
def _user_columns() -> tuple[str, ...]:
    return tuple(field.attname for field in get_user_model()._meta.concrete_fields)


def user_with_rights(user_id):
    """The user `user_id` (None if there is none) with their rights read in the same query,
    for the request's viewer (members.auth_backends: the session's user, at the start of
    each request)."""
    row = _user_row(user_id)
    if row is None:
        return None
    names = _user_columns()
    user = get_user_model().from_db(DEFAULT_DB_ALIAS, names, row[: len(names)])
    setattr(user, RIGHTS_ATTRIBUTE, row[len(names) :])
    return user


def officer_municipalities(user):
    """The municipalities `user` (a user or a reference to one) is an approved officer of."""
    return Officer.objects.approved().filter(user=user).order_by().values("municipality_id")

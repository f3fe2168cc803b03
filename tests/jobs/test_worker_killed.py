"""A real Celery worker killed in the middle of a batch of notification emails (issue 14
point 7): with acks_late and prefetch 1 its unfinished message goes to the next worker, and
the unique Delivery rows make the repeat send nothing -- every email arrives exactly once.

Starts `celery -A network_portal worker` twice (tests/jobs/worker_settings.py: file-based
email into a temp dir, a redis-server of its own — the machine's 6379 only where none can be
started — on a queue of its own); runs in CI. About 10-15 s."""

import collections
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from email import message_from_string
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from celery import Celery
from django.db import connection

from network_portal.following import tasks
from network_portal.following.models import Delivery, Notice
from tests.following.conftest import Town, make_follower

BATCH = 16
REDIS_DB = 12
ROOT = Path(__file__).resolve().parents[2]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    # A redis-server of its own wherever one can be started: nothing else can flush its
    # queue mid-test (parallel test runs empty their cache databases). The machine's Redis
    # on 6379 only where no redis-server is installed.
    if not shutil.which("redis-server"):
        if _answers(6379):
            yield 6379
            return
        pytest.fail("No Redis on 127.0.0.1:6379 and no redis-server to start")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if _answers(port):
            break
        time.sleep(0.1)
    yield port
    server.terminate()
    server.wait(5)


def _free_database() -> int:
    """REDIS_DB, or the next lower one that no parallel test worker uses as its cache (each
    flushes its own; tests/environment.py counts down from REDIS_URL's database)."""
    from urllib.parse import urlsplit

    base = int(urlsplit(os.environ.get("REDIS_URL", "redis:///15")).path.strip("/") or 0)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    used = {(base - index) % 16 for index in range(workers)}
    return next(db for db in range(REDIS_DB, REDIS_DB - 16, -1) if db % 16 not in used) % 16


def _database_url() -> str:
    """The test database's URL for the worker; the embedded server listens on a Unix socket
    whose folder is the HOST (then it goes in ?host=, as the embedded server's own URI)."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="") + (
        f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    )
    host = s["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        socket_at = {"host": host, **({"port": s["PORT"]} if s["PORT"] else {})}
        return f"postgres://{user}@/{s['NAME']}?{urlencode(socket_at)}"
    return f"postgres://{user}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(env, queue, name, log: Path):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "network_portal",
            "worker",
            "-Q",
            queue,
            "-P",
            "solo",
            "-n",
            f"{name}@%h",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: killed whole
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,  # a file: a pipe nobody reads would block the worker
    )


def _kill(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)


def _recipients(directory: Path) -> list[str]:
    found = []
    for path in directory.iterdir():
        for part in path.read_text().split("-" * 79):
            if part.strip():
                found.append(message_from_string(part.strip())["To"])
    return found


def _wait_for(condition, seconds, worker=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker is not None and worker.poll() is not None:
            pytest.fail(f"the worker stopped (exit status {worker.returncode})")
        time.sleep(0.05)
    return False


class _NotQueued:
    def apply_async_on_commit(self, *args, **kwargs):
        pass


def _bound(broker: str, queue: str) -> bool:
    import redis

    return bool(redis.Redis.from_url(broker).exists(f"_kombu.binding.{queue}"))


def _unacked(broker: str) -> int:
    import redis

    return redis.Redis.from_url(broker).hlen("unacked")


def _settled(broker: str, queue: str) -> bool:
    """Nothing queued and nothing taken but unacknowledged (the killed worker's message is
    back in the queue after the visibility timeout, then run and acknowledged)."""
    import redis

    client = redis.Redis.from_url(broker)
    return client.llen(queue) == 0 and client.hlen("unacked") == 0


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_and_repeats_no_email(redis_port, tmp_path, monkeypatch):
    town = Town()
    followers = [make_follower(town.topic) for _ in range(BATCH)]
    # The publication fills every follower's inbox; their emails are queued below instead.
    monkeypatch.setattr(tasks, "send_notification", _NotQueued())
    town.publish("Digitale Bürgerdienste")
    assert Notice.objects.filter(user__in=followers).count() == BATCH

    broker = f"redis://127.0.0.1:{redis_port}/{_free_database()}"
    queue = f"faults-test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "TEST_BROKER_URL": broker,
        "TEST_EMAIL_DIR": str(mail_dir),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    producer = Celery("producer", broker=broker)
    log = tmp_path / "worker.log"
    first = _start_worker(env, queue, "first", log)
    # Redis routes a message only to a queue a consumer has bound: wait for the worker's.
    assert _wait_for(lambda: _bound(broker, queue), 20, first), log.read_text()[-3000:]
    with producer.connection_for_write() as conn:
        for user in followers:
            producer.send_task(
                "following.send_notification", args=[user.pk], queue=queue, connection=conn
            )
    second = None
    try:
        # Killed in the middle: some emails out, most still queued.
        assert _wait_for(lambda: len(_recipients(mail_dir)) >= 3, 20, first)
        _kill(first)
        sent_before = len(_recipients(mail_dir))
        assert sent_before < BATCH
        # acks_late: the message it was working on is taken but not acknowledged.
        assert _unacked(broker) == 1

        second = _start_worker(env, queue, "second", log)
        assert _wait_for(lambda: len(_recipients(mail_dir)) >= BATCH, 25, second), (
            f"{len(_recipients(mail_dir))} of {BATCH} emails; log: {log.read_text()[-3000:]}"
        )
        # The killed worker's unacknowledged message comes back after the visibility
        # timeout (2 s here) and is run again: it must send nothing.
        assert _wait_for(lambda: _settled(broker, queue), 15, second)
    finally:
        for worker in (first, second):
            if worker is not None:
                _kill(worker)
        with producer.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)

    counts = collections.Counter(_recipients(mail_dir))
    assert counts == collections.Counter({user.email: 1 for user in followers})
    assert Delivery.objects.filter(user__in=followers).count() == BATCH

"""The load test's machinery: collectstatic and gunicorn under production settings, wrk per
page, the workers' memory. The pages and the report are network_portal.load_test.

gunicorn runs network_portal.load_test_settings (the portal's settings plus `/hello/`)
with DEBUG=False, SECURE_SSL_REDIRECT=False and the SECRET_KEY the command passes: the
same key the command signs its persona sessions with, so that the sessions hold.
"""

import abc
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from network_portal.load_test import BROWSER_ACCEPT_ENCODING, Result
from projects.models import Project

SETTINGS_MODULE = "network_portal.load_test_settings"
URLCONF = "network_portal.load_test_urls"  # what SETTINGS_MODULE routes with

# wrk's done() hook: one line the runner reads (latencies in microseconds).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LOAD_TEST_RESULT %d %d %.0f %.0f %d %d %d %d %d %.0f\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(99)))
end
"""
RESULT_MARKER = "LOAD_TEST_RESULT"


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(
    *, secret_key: str, port: int, redis_url: str, page_cache_seconds: int
) -> dict[str, str]:
    """The environment of collectstatic and gunicorn: production settings on loopback. All
    of wrk's requests come from one address: the per-address limits of the downloads and
    the API (which answer 429 beyond a human's pace) are lifted, so that the figures are
    the pages' cost."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DEBUG="False",
        SECRET_KEY=secret_key,
        SECURE_SSL_REDIRECT="False",
        SITE_URL=f"http://127.0.0.1:{port}",
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        EXPORT_RATE_PER_MINUTE=str(10**9),
        API_ANON_RATE=f"{10**9}/min",
    )
    environment.pop("SECRET_KEY_FILE", None)
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


def collectstatic(environment: dict[str, str]) -> None:
    """Under production settings (manifest storage): without it every page is a 500."""
    subprocess.run(  # noqa: S603 - this interpreter and the project's manage.py
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "collectstatic",
         "--noinput", "--verbosity", "0"],
        env=environment,
        check=True,
    )  # fmt: skip


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    error_log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_memory_mb(self) -> list[float]:
        """Resident memory of each worker (Linux /proc)."""
        sizes = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return sizes

    def worker_memory_by_pid(self) -> dict[int, float]:
        """Resident memory (MB) of each worker by process id (Linux /proc)."""
        sizes = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1]) / 1024
            except OSError:
                continue
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(environment: dict[str, str], *, port: int, workers: int) -> Server:
    """gunicorn with `workers` sync workers on 127.0.0.1:`port`, once `/hello/` answers."""
    error_log = Path(tempfile.mkdtemp(prefix="load-test-")) / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - the virtualenv's gunicorn
        [str(gunicorn), "network_portal.wsgi:application", "--workers", str(workers),
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
         "--error-logfile", str(error_log), "--log-level", "warning"],
        env=environment,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    server = Server(process, f"http://127.0.0.1:{port}", error_log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {error_log}")
        try:
            with urllib.request.urlopen(f"{server.url}/hello/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer /hello/ within 60 s; see {error_log}")


class EveryFewSeconds(abc.ABC):
    """A context whose thread calls tick() every `interval` seconds (at once first, with
    at_once) until the context ends; the thread's database connection is closed then."""

    def __init__(self, interval: float, *, at_once: bool):
        self.interval = interval
        self.at_once = at_once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @abc.abstractmethod
    def tick(self) -> None:
        """One round of the thread's work."""

    def _run(self) -> None:
        try:
            if self.at_once:
                self.tick()
            while not self._stop.wait(self.interval):
                self.tick()
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()


class MemoryWatch(EveryFewSeconds):
    """Samples the workers' resident memory every `interval` seconds while the pages run
    (a thread): per worker the first, the highest and the last figure, to show whether a
    worker grows over a long run."""

    def __init__(self, server: Server, interval: float = 2.0):
        super().__init__(interval, at_once=True)
        self.server = server
        self.samples: dict[int, list[float]] = {}

    def tick(self) -> None:
        for pid, mb in self.server.worker_memory_by_pid().items():
            self.samples.setdefault(pid, []).append(mb)

    def summary(self) -> str:
        parts = [
            f"worker {pid}: {values[0]:.0f} → max {max(values):.0f} → {values[-1]:.0f} MB"
            f" ({len(values)} samples)"
            for pid, values in sorted(self.samples.items())
        ]
        return "; ".join(parts) or "no samples"


def wrk_script_path() -> Path:
    path = Path(tempfile.mkdtemp(prefix="load-test-")) / "report.lua"
    path.write_text(WRK_SCRIPT)
    return path


def parse_wrk(output: str, result: Result) -> Result:
    """Fill `result` from wrk's output (the done() hook's line)."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARKER):
            values = [int(float(value)) for value in line.split()[1:]]
            requests, duration_us, p50, p95, connect, read, write, status, timeout = values[:9]
            result.requests_per_second = requests / (duration_us / 1e6) if duration_us else 0.0
            result.p50_ms = p50 / 1000
            result.p95_ms = p95 / 1000
            result.p99_ms = values[9] / 1000 if len(values) > 9 else None
            result.errors = connect + read + write + status + timeout
            result.timeouts = timeout
            return result
    raise RuntimeError(f"wrk printed no result:\n{output}")


def run_wrk(
    url: str,
    result: Result,
    *,
    cookie: str,
    duration: int,
    threads: int,
    connections: int,
    script: Path,
    headers: dict[str, str] | None = None,
) -> Result:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "-s", str(script)]
    command += ["-H", f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    completed = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=False, timeout=duration + 60
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr}")
    return parse_wrk(completed.stdout, result)


class PeriodicWrites(EveryFewSeconds):
    """While the pages are measured, a write to the content every `every` seconds from this
    process, as an officer keeping a project current would make it: its signals move the
    generations in the Redis the server reads (core.cached). "prose" edits the project's
    description (the content generation moves: pages are built anew, counts and rankings
    stay kept); "facts" moves its stage between two values (the facts generation moves too:
    they are computed anew). The project's values are put back at the end."""

    KINDS = ("prose", "facts")

    def __init__(self, project_pk: int, *, kind: str, every: float):
        super().__init__(every, at_once=False)
        self.project_pk = project_pk
        self.kind = kind
        self.count = 0
        self.failures = 0
        original = Project.objects.get(pk=project_pk)
        self.original = {"description": original.description, "stage": original.stage}
        other = next(s for s in Project.Stage.values if s != original.stage)
        self.stages = (other, original.stage)

    def __exit__(self, *exc_info):
        super().__exit__(*exc_info)
        project = Project.objects.get(pk=self.project_pk)
        for name, value in self.original.items():
            setattr(project, name, value)
        project.save()

    def tick(self) -> None:
        try:
            self._write()
        except Exception:  # noqa: BLE001 - counted and reported; the run goes on
            self.failures += 1

    def _write(self) -> None:
        project = Project.objects.get(pk=self.project_pk)
        if self.kind == "prose":
            project.description = f"{self.original['description']}\n\n(Lasttest {self.count + 1})"
        else:
            project.stage = self.stages[self.count % 2]
        project.save()
        self.count += 1

    def summary(self) -> str:
        failed = f", {self.failures} failed" if self.failures else ""
        return (
            f"{self.count} {self.kind} edits of project {self.project_pk}, one every "
            f"{self.interval:g} s{failed}"
        )

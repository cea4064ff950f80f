"""A deployment of its own for the fault-injection tests, so faults never touch shared services.

The session starts a throwaway PostgreSQL cluster (initdb under a temporary
directory), a Redis broker and a Redis cache, each on a free port of its own,
and a real web server (gunicorn); each test starts real ``celery worker``
processes. Tests stop, kill and restart these, and read the results with SQL.
Run with TRACKER_REQUIRE_FAULTS=1 (``.ci/run`` does); skipped otherwise.
"""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import pytest
import requests
from django.conf import settings

from tracker.celery import worker_command

QUEUE = "faults"


def faults_unavailable() -> str:
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return "PostgreSQL's server binaries are not installed"
    for program in ("redis-server", "redis-cli"):
        if not shutil.which(program):
            return f"{program} is not installed"
    return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition, *, seconds: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Postgres:
    """A PostgreSQL cluster of the test session's own, owned by the postgres user when run as root."""

    def __init__(self, root: Path):
        bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.pg_ctl = str(bindir / "pg_ctl")
        self.data = root / "pgdata"
        self.log = root / "postgres.log"
        self.port = _free_port()
        self.owner = "postgres" if os.geteuid() == 0 else None
        if self.owner:
            uid = pwd.getpwnam(self.owner).pw_uid
            os.chown(root, uid, -1)
        self._run(str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tracker"

    def _run(self, *command: str) -> None:
        if self.owner:
            command = ("runuser", "-u", self.owner, "--", *command)
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        # fsync off: a test cluster, thrown away at the end, need not survive a power cut.
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start"
        )

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def connect(self, dbname: str = "tracker"):
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname)
        conn.autocommit = True
        return conn


class Redis:
    """A redis-server of the test session's own; it keeps its data on disk across a restart."""

    def __init__(self, root: Path, name: str):
        self.dir = root / name
        self.dir.mkdir()
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.dir), "--appendonly", "yes", "--save", "",
                "--daemonize", "yes", "--logfile", str(self.dir / "redis.log"),
            ],
            check=True,
        )  # fmt: skip
        _wait_for(lambda: _port_open(self.port), seconds=20, what=f"redis on {self.port}")

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown"], capture_output=True)
        _wait_for(lambda: not _port_open(self.port), seconds=20, what="redis to stop")


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path
    killed: bool = False

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a lost machine or the OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.killed = True

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Stack:
    """The deployment: database, broker, cache, web server; workers started on demand."""

    root: Path
    db: Postgres
    broker: Redis
    cache: Redis
    env: dict
    web_url: str = ""
    token: str = ""
    web: subprocess.Popen | None = None
    workers: list[Worker] = field(default_factory=list)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start_worker(self) -> Worker:
        log = self.root / f"worker-{len(self.workers) + 1}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                worker_command(queue=QUEUE, loglevel="INFO"),
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so the pool dies with it
            )
        worker = Worker(process, log)
        self.workers.append(worker)
        _wait_for(lambda: " ready." in worker.text(), seconds=120, what="the worker to start")
        return worker

    def start_web(self) -> None:
        port = _free_port()
        with open(self.root / "web.log", "wb") as out:
            self.web = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "tracker.wsgi",
                    "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120",
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.web_url = f"http://127.0.0.1:{port}"
        _wait_for(lambda: _port_open(port), seconds=60, what="the web server")

    def post_source(self, text: str, **fields) -> requests.Response:
        return requests.post(
            f"{self.web_url}/api/sources/",
            json={"text": text, **fields},
            headers={"Authorization": f"Token {self.token}"},
            timeout=60,
        )

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(
            method,
            f"{self.web_url}/api/{path}",
            headers={"Authorization": f"Token {self.token}"},
            timeout=60,
            **kwargs,
        )

    def query(self, sql: str, params=()) -> list[tuple]:
        conn = self.db.connect()
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            conn.close()

    def worker_logs(self) -> str:
        return "\n".join(worker.text() for worker in self.workers)

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers.clear()


@pytest.fixture(scope="session")
def stack():
    reason = faults_unavailable()
    if not os.environ.get("TRACKER_REQUIRE_FAULTS"):
        pytest.skip("fault-injection tests run with TRACKER_REQUIRE_FAULTS=1")
    if reason:
        pytest.fail(f"fault-injection tests required but {reason}")

    root = Path(tempfile.mkdtemp(prefix="tracker-faults-"))
    root.chmod(0o755)
    db = Postgres(root)
    broker, cache = Redis(root, "broker"), Redis(root, "cache")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
        "DATABASE_URL": db.url,
        "CELERY_BROKER_URL": broker.url,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "CACHE_URL": cache.url,
        "DJANGO_SECRET_KEY": "fault-tests-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "LOG_LEVEL": "INFO",
    }
    stack = Stack(root=root, db=db, broker=broker, cache=cache, env=env)
    try:
        db.start()
        conn = db.connect("postgres")
        conn.cursor().execute("CREATE DATABASE tracker")
        conn.close()
        broker.start()
        cache.start()
        stack.manage("migrate", "--no-input")
        stack.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User; from access.roles import EDITORS;"
            " u = User.objects.create_user('editor', password='a-long-password', is_staff=True);"
            " u.groups.add(Group.objects.get(name=EDITORS))",
        )
        stack.token = stack.manage("issue_token", "editor").strip().split()[-1]
        stack.start_web()
        yield stack
    finally:
        stack.stop_workers()
        if stack.web is not None:
            stack.web.terminate()
            stack.web.wait(timeout=30)
        for redis in (broker, cache):
            if _port_open(redis.port):
                redis.stop()
        if (db.data / "postmaster.pid").exists():
            db.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def deployment(stack):
    """The stack with every service up and no worker running, before and after each test."""
    for redis in (stack.broker, stack.cache):
        if not _port_open(redis.port):
            redis.start()
    if not _port_open(stack.db.port):
        stack.db.start()
    yield stack
    stack.stop_workers()

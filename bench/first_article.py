"""How long the first article takes after a fresh start of the demo, against the second.

Does what ``make demo`` does on a throwaway SQLite database (migrate, then
``demo_setup``: the demo accounts and the demo corpus), then, for each run,
starts ``manage.py runserver`` afresh on a copy of that database, waits until
it answers, and sends two articles of the evaluation corpus to ``/api/sources/``
as the demo editor. Tasks run in-process (no broker), so each request returns
once its article is read and its claims stored: the request's time is the
article's time. Runs alternate which article comes first, and are made with the
pipeline loaded at start-up (``SPACY_PRELOAD``, the default) and without it.
Prints each run and the medians. A benchmark, not a test: it asserts nothing.

    .venv/bin/python bench/first_article.py [--runs 3]
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import requests

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [
    ROOT / "eval" / "corpus" / "01-eu-russian-gas-deadline.txt",
    ROOT / "eval" / "corpus" / "05-kazakhstan-nuclear-rosatom.txt",
]
TARGET_RATIO = 1.5


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def manage(*args: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("The server stopped before answering.")
        try:
            requests.get(url, timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    sys.exit(f"The server did not answer within {seconds:.0f} s.")


def one_run(workdir: Path, base_env: dict, token: str, *, preload: bool, order: list[Path]):
    """Start a fresh server; return (seconds to answer, [seconds per article], log line)."""
    database = workdir / f"run-{time.monotonic_ns()}.sqlite3"
    shutil.copy(workdir / "demo.sqlite3", database)
    env = {
        **base_env,
        "DATABASE_URL": f"sqlite:///{database}",
        "SPACY_PRELOAD": "1" if preload else "0",
        "LOG_LEVEL": "INFO",
    }
    port = free_port()
    log_path = workdir / "server.log"
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{base}/api/", server)
        ready = time.perf_counter() - started
        timings = []
        for article in order:
            began = time.perf_counter()
            response = requests.post(
                f"{base}/api/sources/",
                json={"text": article.read_text(encoding="utf-8"), "title": article.stem},
                headers={"Authorization": f"Token {token}"},
                timeout=300,
            )
            timings.append(time.perf_counter() - began)
            if response.status_code != 202:
                sys.exit(f"{article.name}: HTTP {response.status_code} {response.text[:300]}")
            detail = requests.get(
                response.headers["Location"],
                headers={"Authorization": f"Token {token}"},
                timeout=60,
            ).json()
            if detail["status"] != "done":
                sys.exit(f"{article.name} was not processed in the request: {detail['status']}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        database.unlink(missing_ok=True)
    said = [
        line.split(": ", 1)[1]
        for line in log_path.read_text(errors="replace").splitlines()
        if "claims.processing.warmup" in line
    ]
    return ready, timings, said[0] if said else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh starts per setting")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="first-article-"))
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir / 'demo.sqlite3'}",
        LOG_LEVEL="WARNING",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
    )
    try:
        say("Setting up the demo (migrate, demo_setup) ...")
        manage("migrate", "--no-input", env=env)
        manage("demo_setup", env=env)
        token = manage("issue_token", "editor", env=env).strip()

        say(f"{'pipeline':<22} {'start':>7} {'first':>7} {'second':>7} {'ratio':>6}")
        results = {}
        for preload in (True, False):
            label = "loaded at start-up" if preload else "loaded on first use"
            rows = []
            for run in range(options.runs):
                order = ARTICLES if run % 2 == 0 else ARTICLES[::-1]
                ready, (first, second), said = one_run(
                    workdir, env, token, preload=preload, order=order
                )
                rows.append((ready, first, second))
                say(
                    f"{label:<22} {ready:6.1f}s {first:6.2f}s {second:6.2f}s {first / second:5.2f}x"
                )
                if said and run == 0:
                    say(f"  log: {said}")
            results[label] = rows
        say()
        for label, rows in results.items():
            ready, first, second = (median(column) for column in zip(*rows, strict=True))
            say(
                f"median, {label}: start {ready:.1f} s, first article {first:.2f} s, "
                f"second {second:.2f} s, first/second {first / second:.2f}x "
                f"(target within {TARGET_RATIO}x)"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

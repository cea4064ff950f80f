"""The real path: ingest command -> the broker -> `celery worker` processes -> PostgreSQL."""

import io
import os
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from claims.models import Claim, ClaimVector, Entity
from sources.models import Source
from sources.services import source_create
from tracker.celery import app as celery_app
from tracker.celery import worker_command

ARTICLE = """Russia and China divide the work in Central Asia
By Lena Okafor
2023-03-24

Moscow provides security while Beijing brings money, analysts at the Eurasia Institute said on Friday.
China lent Kyrgyzstan 1.7 billion dollars for roads and power lines between 2013 and 2023.
Russia keeps its air base at Kant in Kyrgyzstan and a division in Tajikistan.
"""


def e2e_unavailable() -> str:
    if not os.environ.get("CELERY_BROKER_URL"):
        return "CELERY_BROKER_URL is not set"
    if connection.vendor != "postgresql":
        return "DATABASE_URL is not PostgreSQL"
    return ""


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queues():
    """A processing queue and a links queue of this run's own, (queue, links_queue).

    RabbitMQ keeps queues and their messages between runs, and a broker may be
    shared: messages left by other runs must not reach this run's workers.
    """
    reason = e2e_unavailable()
    if reason:
        if os.environ.get("TRACKER_REQUIRE_E2E"):
            pytest.fail(f"end-to-end test required but {reason}")
        pytest.skip(reason)
    queue = f"e2e-{uuid.uuid4().hex[:10]}"
    links_queue = f"{queue}-links"
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield queue, links_queue
    finally:
        celery_app.conf.task_default_queue = previous_queue
        # RabbitMQ keeps a durable queue after its consumer leaves: remove them.
        with celery_app.connection_for_write() as conn:
            for name in (queue, links_queue):
                conn.default_channel.queue_delete(name)


@pytest.fixture
def start_worker(queues, tmp_path):
    """Start a `celery worker` process (one pool process) on this run's queues, named
    ``name``; returns (process, log). Every worker started is stopped at the end."""
    queue, links_queue = queues
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),  # the test database pytest-django created
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "LINK_SUGGESTIONS_QUEUE": links_queue,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }
    started: list[subprocess.Popen] = []

    def start(name: str = "worker") -> tuple[subprocess.Popen, Path]:
        log = tmp_path / f"{name}.log"
        command = worker_command(queue=queue, loglevel="INFO", links_queue=links_queue)
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [*command, "--hostname", f"{name}@%h"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        return process, log

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def worker(start_worker):
    return start_worker()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_turns_an_ingested_article_into_claims(worker, tmp_path):
    process, log = worker
    article = tmp_path / "division-of-labour.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    out = io.StringIO()
    call_command("ingest", str(article), "--publisher", "Altai Observer", stdout=out)
    assert "1 added" in out.getvalue()
    source = Source.objects.get()
    assert source.publisher == "Altai Observer"

    worker_log = _wait_until_finished(source, process, log, seconds=180)
    assert source.status == Source.Status.DONE, f"{source.status} {source.error}\n{worker_log}"
    assert source.attempts == 1
    claims = list(source.claims.order_by("start"))
    assert claims[0].text == "Russia and China divide the work in Central Asia"
    assert any("1.7 billion dollars" in claim.text for claim in claims)
    for claim in claims:
        assert source.body[claim.start : claim.end] == claim.text
    assert "process_source" in worker_log
    # The worker loaded the pipeline as it started, before it took any task.
    assert worker_log.index("Worker: spaCy pipeline") < worker_log.index(" ready.")
    # Link suggestions ran on the same worker, from the links queue, once the claims
    # were stored, and stored the claims' vectors.
    deadline = time.monotonic() + 120

    def vectors() -> int:
        return ClaimVector.objects.filter(claim__source=source).count()

    while "Suggested links for" not in worker_log or vectors() < len(claims):
        assert time.monotonic() < deadline, worker_log
        time.sleep(0.5)
        worker_log = log.read_text(errors="replace")
    assert "claims.tasks.suggest_links" in worker_log
    assert vectors() == len(claims)


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # fields: state, ppid, ...
            children.append(int(stat.parent.name))
    return children


def _long_article() -> str:
    # About 25,000 words: several seconds of parsing, long enough to be caught mid-task.
    countries = ["Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan"]
    lines = ["Central Asia's trade ledger, country by country", ""]
    for n in range(1400):
        country = countries[n % 5]
        lines.append(
            f"{country} shipped {n + 3} thousand tonnes of wheat to China in month {n % 12 + 1} "
            f"of year {2000 + n // 12}, officials in the capital said on Monday."
        )
    return "\n".join(lines)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_loses_nothing_and_duplicates_nothing(worker):
    process, log = worker
    source = source_create(content=_long_article())

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        source.refresh_from_db()
        if source.status == Source.Status.PROCESSING:
            break
        time.sleep(0.05)
    assert source.status == Source.Status.PROCESSING, log.read_text(errors="replace")
    children = _children(process.pid)
    assert len(children) == 1, children  # --concurrency 1: the one pool process
    os.kill(children[0], signal.SIGKILL)  # as the kernel's OOM killer would

    # The broker gives the task again; the new pool process takes the source over.
    worker_log = _wait_until_finished(source, process, log, seconds=240)
    assert source.status == Source.Status.DONE, f"{source.status} {source.error}\n{worker_log}"
    assert "WorkerLostError" in worker_log
    assert source.attempts == 2
    # Stored exactly once: the killed process never got that far, the new one did.
    assert worker_log.count(f"Processed source {source.pk}:") == 1, worker_log
    assert source.claims.count() > 1000


def _wait_until_finished(source, process, log, *, seconds: float) -> str:
    """Poll ``source`` until it is done or failed, the worker exits, or time runs out;
    return the worker's log so far."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        source.refresh_from_db()
        if source.status in {Source.Status.DONE, Source.Status.FAILED}:
            break
        time.sleep(0.5)
    return log.read_text(errors="replace")


def _articles() -> list[str]:
    """Twelve short, distinct articles; they share names the database does not know yet
    (the Eurasia Institute, Lena Okafor), which the workers create at the same time."""
    countries = ["Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Mongolia"]
    partners = ["Russia", "China"]
    articles = []
    for n in range(12):
        country, partner = countries[n % 6], partners[n // 6]
        articles.append(
            f"{partner} and {country} sign a pipeline deal, number {n + 1}\n\n"
            f"{partner} agreed to lend {country} {n + 2}.5 billion dollars for a gas pipeline, "
            f"officials in the capital said on Monday.\n"
            f"Analysts at the Eurasia Institute said the deal would double {country}'s exports "
            f"by {2025 + n}.\n"
            f"Lena Okafor, a researcher at the institute, said {partner} had offered "
            f"{n + 3} similar deals to its neighbours since 2019.\n"
        )
    return articles


PROCESSED = re.compile(r"Processed source (\d+): (\d+) created, (\d+) updated, (\d+) deleted")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_queue_process_every_source_exactly_once(start_worker, tmp_path):
    workers = [start_worker("first"), start_worker("second")]
    # Both consume before any source is queued, so the work has to be shared.
    deadline = time.monotonic() + 180
    for process, log in workers:
        while " ready." not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)

    folder = tmp_path / "articles"
    folder.mkdir()
    for n, article in enumerate(_articles()):
        (folder / f"deal-{n:02}.txt").write_text(article, encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", str(folder), stdout=out)
    assert "12 added" in out.getvalue()

    sources = list(Source.objects.order_by("pk"))
    deadline = time.monotonic() + 300
    while Source.objects.exclude(status__in=[Source.Status.DONE, Source.Status.FAILED]).exists():
        for process, log in workers:
            assert process.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, [s.status for s in Source.objects.all()]
        time.sleep(0.5)
    logs = [log.read_text(errors="replace") for _, log in workers]

    # Each worker's log says which sources it stored, and with how many claims.
    stored: dict[int, list[tuple[str, str, str]]] = {}
    workers_storing = set()
    for number, text in enumerate(logs):
        for match in PROCESSED.finditer(text):
            stored.setdefault(int(match[1]), []).append(match.groups()[1:])
            workers_storing.add(number)
    assert workers_storing == {0, 1}, f"a worker stored nothing:\n{logs[0]}\n{logs[1]}"
    assert set(stored) == {source.pk for source in sources}
    for source in sources:
        source.refresh_from_db()
        assert source.status == Source.Status.DONE, f"{source.pk} {source.error}"
        assert source.attempts == 1
        runs = stored.get(source.pk, [])
        assert len(runs) == 1, (source.pk, runs)  # stored by one worker, once
        created, updated, deleted = (int(figure) for figure in runs[0])
        claims = list(source.claims.all())
        assert (created, updated, deleted) == (len(claims), 0, 0)
        assert any("billion dollars" in claim.text for claim in claims)
        for claim in claims:
            assert source.body[claim.start : claim.end] == claim.text
    # The names both workers met for the first time are one entity each: the worker
    # that lost the race to create one gave its copy up.
    for name in ("Eurasia Institute", "Lena Okafor"):
        entities = Entity.objects.filter(name__icontains=name)
        assert entities.count() == 1, list(entities.values("name", "kind"))
        claims_naming = Claim.objects.filter(mentions__entity__in=entities).values("source")
        assert claims_naming.distinct().count() == 12
    assert not Entity.objects.filter(aliases__isnull=True).exists()

    # The links queue is shared too: every claim gets its vector, once.
    deadline = time.monotonic() + 180
    total = Claim.objects.count()
    while ClaimVector.objects.count() < total:
        assert time.monotonic() < deadline, (ClaimVector.objects.count(), total)
        time.sleep(0.5)
    assert ClaimVector.objects.count() == total

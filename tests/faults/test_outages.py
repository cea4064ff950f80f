"""Outages, injected into a deployment of the tests' own: every source is stored exactly once.

Each test makes an editor's work first (an accepted claim and a confirmed
conflict link, through the API), injects one fault while sources are being
submitted and processed (the editor's source among them), and then checks
that every source ends done, processed exactly once, with no claim twice and
a sensible number of attempts, that the editor's work is as it was, and that
nothing waits more than a minute once the service is back.
"""

import time
import uuid

import pytest

from tests.e2e.test_worker import _long_article

pytestmark = pytest.mark.faults

# Once a service is back, every source must be processed within this many seconds.
RESUMES_WITHIN = 60


def short_article(tag: str, n: int) -> str:
    return (
        f"Astana report {tag}-{n}\n\n"
        f"Kazakhstan signed {n + 2} gas agreements with China in March 2023, officials in Astana said. "
        f"Uzbekistan bought {n + 5} Russian helicopters in 2022, the ministry in Tashkent said."
    )


def long_article(tag: str) -> str:
    # Several seconds of parsing: long enough for a fault to land mid-task.
    return _long_article() + f"\nLedger {tag} closes here, officials in Astana said."


def submit(stack, texts: list[str], *, status: str = "") -> list[int]:
    """POST each text to the API; each answer is a 202 (with ``status`` when given)."""
    ids = []
    for text in texts:
        response = stack.post_source(text)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == (status or response.json()["status"])
        ids.append(response.json()["id"])
    return ids


def statuses(stack, ids: list[int]) -> dict[int, tuple[str, int]]:
    rows = stack.query(
        "SELECT id, status, attempts FROM sources_source WHERE id = ANY(%s)", [list(ids)]
    )
    return {pk: (status, attempts) for pk, status, attempts in rows}


def wait_until(stack, ids: list[int], status: str, *, seconds: float) -> float:
    """Wait until one of ``ids`` (``status`` "processing") or all of them have ``status``."""
    start = time.monotonic()
    deadline = start + seconds
    while time.monotonic() < deadline:
        found = [s for s, _ in statuses(stack, ids).values()]
        if (status == "processing" and status in found) or found == [status] * len(ids):
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(
        f"not {status} after {seconds} s: {statuses(stack, ids)}\n{stack.worker_logs()[-6000:]}"
    )


def assert_processed_exactly_once(stack, ids: list[int], *, max_attempts: int) -> None:
    rows = statuses(stack, ids)
    assert {status for status, _ in rows.values()} == {"done"}, rows
    assert all(1 <= attempts <= max_attempts for _, attempts in rows.values()), rows
    logs = stack.worker_logs()
    stored = {pk: logs.count(f"Processed source {pk}:") for pk in ids}
    assert stored == dict.fromkeys(ids, 1), stored
    twice = stack.query(
        'SELECT source_id, start, "end" FROM claims_claim WHERE source_id = ANY(%s)'
        ' GROUP BY source_id, start, "end" HAVING count(*) > 1',
        [ids],
    )
    assert twice == []
    with_claims = stack.query(
        "SELECT DISTINCT source_id FROM claims_claim WHERE source_id = ANY(%s)", [ids]
    )
    assert len(with_claims) == len(ids)


def assert_workers_alive(stack) -> None:
    for worker in (w for w in stack.workers if not w.killed):
        assert worker.process.poll() is None, worker.text()[-4000:]
        assert "Unrecoverable error" not in worker.text()


class EditorsWork:
    """An accepted claim and a confirmed conflict link, made through the API before a fault."""

    CLAIMS = 'SELECT id, source_id, text, start, "end", status FROM claims_claim WHERE id = ANY(%s)'
    LINK = "SELECT id, claim_a_id, claim_b_id, relation, status, note FROM claims_claimlink WHERE id = %s"

    def __init__(self, stack):
        self.stack = stack
        tag = uuid.uuid4().hex[:8]
        self.sources = submit(stack, [short_article(tag, 1), short_article(tag, 2)])
        wait_until(stack, self.sources, "done", seconds=60)
        self.claims = [
            stack.query("SELECT min(id) FROM claims_claim WHERE source_id = %s", [pk])[0][0]
            for pk in self.sources
        ]
        response = stack.api("PATCH", f"claims/{self.claims[0]}/", json={"status": "accepted"})
        assert response.status_code == 200, response.text
        response = stack.api(
            "POST",
            "links/",
            json={
                "claim_a": self.claims[0],
                "claim_b": self.claims[1],
                "relation": "conflict",
                "note": "Two counts of the same deal.",
            },
        )
        # 200 when the machine had suggested the pair already: the post decides it.
        assert response.status_code in (200, 201), response.text
        self.link = response.json()["id"]
        response = stack.api("POST", f"links/{self.link}/confirm/")
        assert response.status_code == 200, response.text
        self.before = self.snapshot()
        claims, (link,) = self.before
        assert {row[0]: row[5] for row in claims}[self.claims[0]] == "accepted"
        assert link[4] == "confirmed"

    def snapshot(self):
        return (
            sorted(self.stack.query(self.CLAIMS, [self.claims])),
            self.stack.query(self.LINK, [self.link]),
        )

    def requeue(self) -> None:
        """Ask for the editor's source to be processed again, as `process --source` does."""
        output = self.stack.manage("process", "--source", str(self.sources[0]))
        assert f"source #{self.sources[0]}: queued" in output

    def assert_intact(self) -> None:
        assert self.snapshot() == self.before
        assert statuses(self.stack, self.sources)[self.sources[0]][0] == "done"


def test_a_worker_killed_mid_batch_leaves_its_sources_to_the_next_worker(deployment):
    stack = deployment
    stack.start_worker()
    work = EditorsWork(stack)
    stack.stop_workers()
    # Queued with no worker running, so the next worker reads them in one batch.
    tag = uuid.uuid4().hex[:8]
    ids = submit(stack, [long_article(tag)] + [short_article(tag, n) for n in range(5)])
    work.requeue()

    first = stack.start_worker()
    wait_until(stack, ids, "processing", seconds=60)
    first.kill()
    left = [pk for pk, (status, _) in statuses(stack, ids).items() if status == "processing"]
    assert left, "the batch finished before the worker was killed"

    stack.start_worker()  # it sweeps as it connects: the dead run's sources are queued again
    wait_until(stack, ids, "done", seconds=RESUMES_WITHIN)
    assert_processed_exactly_once(stack, ids, max_attempts=2)
    assert all(statuses(stack, ids)[pk][1] == 2 for pk in left)
    work.assert_intact()
    assert_workers_alive(stack)


def test_a_broker_outage_during_submission_loses_nothing_and_the_worker_lives(deployment):
    stack = deployment
    worker = stack.start_worker()
    work = EditorsWork(stack)
    tag = uuid.uuid4().hex[:8]
    (running,) = submit(stack, [long_article(tag)])
    wait_until(stack, [running], "processing", seconds=60)

    stack.broker.stop()
    # The API still accepts articles; they wait, marked as not sent.
    started = time.monotonic()
    ids = submit(stack, [short_article(tag, n) for n in range(3)], status="queued")
    assert time.monotonic() - started < 30
    work.requeue()
    unsent = stack.query("SELECT id FROM sources_source WHERE send_failed ORDER BY id")
    assert {pk for (pk,) in unsent} >= {*ids, work.sources[0]}
    time.sleep(3)

    stack.broker.start()
    wait_until(stack, [running, *ids, work.sources[0]], "done", seconds=RESUMES_WITHIN)
    # The task running through the outage was neither killed nor run twice.
    assert statuses(stack, [running])[running] == ("done", 1)
    assert_processed_exactly_once(stack, [running, *ids], max_attempts=1)
    work.assert_intact()
    assert_workers_alive(stack)
    assert worker.process.poll() is None


def test_a_database_restart_mid_task_is_retried_and_stored_once(deployment):
    stack = deployment
    stack.start_worker()
    work = EditorsWork(stack)
    tag = uuid.uuid4().hex[:8]
    ids = submit(stack, [long_article(tag)] + [short_article(tag, n) for n in range(2)])
    work.requeue()
    wait_until(stack, ids[:1], "processing", seconds=60)

    stack.db.stop()
    time.sleep(2)
    stack.db.start()
    wait_until(stack, [*ids, work.sources[0]], "done", seconds=RESUMES_WITHIN)
    assert_processed_exactly_once(stack, ids, max_attempts=3)
    work.assert_intact()
    assert_workers_alive(stack)


def test_a_cache_outage_neither_refuses_articles_nor_stops_processing(deployment):
    stack = deployment
    stack.start_worker()
    work = EditorsWork(stack)
    tag = uuid.uuid4().hex[:8]

    stack.cache.stop()
    ids = submit(stack, [short_article(tag, n) for n in range(3)])
    work.requeue()
    wait_until(stack, [*ids, work.sources[0]], "done", seconds=RESUMES_WITHIN)
    stack.cache.start()
    assert stack.api("GET", "sources/").status_code == 200
    assert_processed_exactly_once(stack, ids, max_attempts=1)
    work.assert_intact()
    assert_workers_alive(stack)

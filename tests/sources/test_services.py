"""source_create and the source lifecycle."""

from datetime import timedelta

import psycopg2
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from sources import liveness
from sources.models import Source
from sources.services import (
    DuplicateSourceError,
    source_create,
    source_mark_unsent,
    source_requeue,
    sources_lease,
    sources_mark_done,
    sources_release,
    sources_stuck,
)
from sources.signals import source_queued

pytestmark = pytest.mark.django_db

# Only PostgreSQL tells a live run from a dead one (sources/liveness.py).
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's advisory locks"
)

ARTICLE = (
    "Kazakhstan keeps its distance from Moscow\n\n"
    "Kazakhstan abstained in the United Nations vote on Ukraine in March 2022. "
    "President Kassym-Jomart Tokayev said Kazakhstan would respect the sanctions on Russia."
)


@pytest.fixture
def queued_ids():
    ids = []

    def receiver(sender, source, **kwargs):
        ids.append(source.pk)

    source_queued.connect(receiver, dispatch_uid="test-receiver")
    yield ids
    source_queued.disconnect(dispatch_uid="test-receiver")


def test_processing_is_queued_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        source = source_create(content=ARTICLE, publisher="Steppe Review")
        # Nothing ran yet: the worker would not see the row before the commit.
        source.refresh_from_db()
        assert source.status == Source.Status.QUEUED
        assert not source.claims.exists()
    assert len(callbacks) == 1

    callbacks[0]()
    source.refresh_from_db()
    assert source.status == Source.Status.DONE
    assert source.claims.exists()


def test_a_rolled_back_create_queues_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        source_create(content=ARTICLE)
        raise RuntimeError("the caller's transaction fails")
    assert callbacks == []
    assert Source.objects.count() == 0


def test_create_cleans_and_keeps_metadata(queued_ids):
    source = source_create(
        content=ARTICLE.encode(),
        filename="a.txt",
        publisher="Steppe Review",
        published_on="2022-03-03",
    )
    assert source.title == "Kazakhstan keeps its distance from Moscow"
    assert source.body.startswith(source.title)
    assert source.publisher == "Steppe Review"
    assert str(source.published_on) == "2022-03-03"
    assert source.raw == ARTICLE
    assert len(source.content_hash) == 64
    assert queued_ids == [source.pk]


def test_same_article_twice_is_a_duplicate_and_creates_nothing(queued_ids):
    first = source_create(content=ARTICLE)
    with pytest.raises(DuplicateSourceError) as caught:
        source_create(content="  " + ARTICLE.replace("\n\n", "\n\n\n") + "\n")
    assert caught.value.existing == first
    assert f"source #{first.pk}" in caught.value.messages[0]
    assert Source.objects.count() == 1
    assert queued_ids == [first.pk]


def test_the_same_article_with_invisible_characters_added_is_a_duplicate(queued_ids):
    first = source_create(content=ARTICLE)
    disguised = (
        ARTICLE.replace("Moscow", "Mos\u202ecow\u202c")
        .replace("Kazakhstan abstained", "Kazakh\u00adstan\u200e abstained")
        .replace("United Nations", "\u2067United\u200b Nations\u2069")
        .replace("Tokayev", "Toka\u2060yev\ufeff\u200f")
        .replace("sanctions", "sanc\u200ctions\u200d\u202a\u202b\u202d\u2066\u2068")
    )
    with pytest.raises(DuplicateSourceError) as caught:
        source_create(content=disguised)
    assert caught.value.existing == first
    assert Source.objects.count() == 1


def test_a_duplicates_message_shows_the_hidden_characters_of_the_title():
    first = source_create(content=ARTICLE, title="Kazakhstan\u202e keeps its distance")
    with pytest.raises(DuplicateSourceError) as caught:
        source_create(content=ARTICLE)
    assert caught.value.existing == first
    assert "(Kazakhstan⟨U+202E⟩ keeps its distance)" in caught.value.messages[0]
    assert first.title == "Kazakhstan\u202e keeps its distance"  # the data as given


def test_a_duplicate_inside_a_larger_transaction_leaves_it_usable(queued_ids):
    # The unique constraint finds duplicates; the failed insert is undone alone.
    with transaction.atomic():
        first = source_create(content=ARTICLE)
        with pytest.raises(DuplicateSourceError):
            source_create(content=ARTICLE)
        second = source_create(content=ARTICLE + " Astana said so on Monday.")
    assert set(Source.objects.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert queued_ids == [first.pk, second.pk]


def test_same_url_twice_is_a_duplicate():
    source_create(content=ARTICLE, url="https://example.org/kazakhstan")
    with pytest.raises(DuplicateSourceError, match="same URL"):
        source_create(content=ARTICLE + " More text.", url="https://example.org/kazakhstan")
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("", "empty"),
        ("   \n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"Caf\xe9 society in Almaty", "encoding"),
        ("Share this article\nSubscribe now\n", "no_text"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_writes_nothing(content, code, queued_ids):
    with pytest.raises(ValidationError) as caught:
        source_create(content=content)
    assert caught.value.code == code
    assert caught.value.messages[0]
    assert Source.objects.count() == 0
    assert queued_ids == []


def test_text_over_the_size_limit_is_refused(settings):
    settings.SOURCE_MAX_RAW_BYTES = 1000
    with pytest.raises(ValidationError, match="limit") as caught:
        source_create(content=ARTICLE * 20)
    assert caught.value.code == "too_large"
    assert Source.objects.count() == 0


def test_bad_date_is_refused():
    with pytest.raises(ValidationError, match="not a date"):
        source_create(content=ARTICLE, published_on="March 2022")
    assert Source.objects.count() == 0


def test_requeue_marks_queued_and_signals(queued_ids):
    source = source_create(content=ARTICLE)
    Source.objects.filter(pk=source.pk).update(status=Source.Status.FAILED, error="boom")
    source.refresh_from_db()
    source_requeue(source=source)
    source.refresh_from_db()
    assert source.status == Source.Status.QUEUED
    assert source.error == ""
    assert queued_ids == [source.pk, source.pk]


def _queued(count: int) -> list[Source]:
    return [
        source_create(content=f"Report number {n}\n\nAstana signed agreement {n} with Tashkent.")
        for n in range(count)
    ]


def test_a_worker_takes_its_source_then_the_oldest_queued_ones():
    sources = _queued(5)
    taken = sources_lease(source_ids=[sources[3].pk], queued_extra=2)
    assert [s.pk for s in taken] == [sources[3].pk, sources[0].pk, sources[1].pk]
    assert all(s.status == Source.Status.PROCESSING and s.attempts == 1 for s in taken)
    statuses = dict(Source.objects.values_list("pk", "status"))
    assert [statuses[s.pk] for s in sources] == [
        "processing",
        "processing",
        "queued",
        "processing",
        "queued",
    ]
    # The raw input stays in the database: processing reads the cleaned body.
    assert "raw" in taken[0].get_deferred_fields()


def test_a_source_a_live_run_holds_is_not_taken_again_and_takes_nothing_else(other_worker):
    sources = _queued(3)
    other_worker.lease(source_ids=[sources[0].pk], task_id="task-a")
    assert sources_lease(source_ids=[sources[0].pk], queued_extra=7, task_id="task-b") == []
    Source.objects.filter(pk=sources[0].pk).update(status=Source.Status.DONE)
    assert sources_lease(source_ids=[sources[0].pk], queued_extra=7) == []
    # The others stay queued for their own tasks.
    assert Source.objects.filter(status=Source.Status.QUEUED).count() == 2


def test_a_failed_source_is_taken_again_and_its_attempt_counted():
    (source,) = _queued(1)
    sources_lease(source_ids=[source.pk])
    Source.objects.filter(pk=source.pk).update(status=Source.Status.FAILED, error="boom")
    (again,) = sources_lease(source_ids=[source.pk])
    again.refresh_from_db()
    assert (again.status, again.attempts, again.error) == (Source.Status.PROCESSING, 2, "")


def test_marking_a_batch_done_keeps_each_sources_language_and_note():
    sources = _queued(3)
    taken = sources_lease(source_ids=[sources[0].pk], queued_extra=2)
    sources_mark_done(
        done=[(taken[0], "en", ""), (taken[1], "ru", "Written in Russian."), (taken[2], "", "")],
        pipeline_version="test-1",
    )
    rows = {
        s.pk: (
            s.status,
            s.language,
            s.processing_note,
            s.pipeline_version,
            s.processed_at is not None,
        )
        for s in Source.objects.all()
    }
    assert rows == {
        sources[0].pk: ("done", "en", "", "test-1", True),
        sources[1].pk: ("done", "ru", "Written in Russian.", "test-1", True),
        sources[2].pk: (
            "done",
            "en",
            "",
            "test-1",
            True,
        ),  # no language found: the stored one stays
    }


def test_a_task_given_again_takes_back_what_it_held_and_no_other_task_does(other_worker):
    sources = _queued(3)
    first = other_worker.lease(source_ids=[sources[0].pk], queued_extra=1, task_id="task-a")
    assert [s.pk for s in first] == [sources[0].pk, sources[1].pk]
    # The batch extra's own task, arriving while task-a's worker is on it, skips it.
    assert sources_lease(source_ids=[sources[1].pk], queued_extra=1, task_id="task-b") == []
    # task-a's worker is lost; the broker gives task-a again (same id): it takes
    # back both sources at once, before anything newly queued.
    other_worker.die()
    again = sources_lease(source_ids=[sources[0].pk], queued_extra=1, task_id="task-a")
    assert [s.pk for s in again] == [sources[0].pk, sources[1].pk]
    assert [s.attempts for s in again] == [2, 2]
    assert {s.taken_by for s in Source.objects.filter(status="processing")} == {"task-a"}
    assert Source.objects.get(pk=sources[2].pk).status == Source.Status.QUEUED


@postgresql_only
def test_a_message_given_again_skips_what_its_first_live_run_holds(other_worker):
    # The broker gives task-a's message again while its first run goes on (a
    # blip on the worker's broker connection): the second copy must not store
    # the source a second time.
    (source,) = _queued(1)
    other_worker.lease(source_ids=[source.pk], task_id="task-a")
    assert sources_lease(source_ids=[source.pk], queued_extra=7, task_id="task-a") == []
    source.refresh_from_db()
    assert (source.status, source.attempts) == (Source.Status.PROCESSING, 1)


@postgresql_only
def test_any_task_takes_a_dead_runs_sources_at_once(other_worker):
    sources = _queued(2)
    other_worker.lease(source_ids=[sources[0].pk], queued_extra=1, task_id="task-a")
    other_worker.die()  # SIGKILL: its database session ends, and its locks with it
    # The batch extra's own message (or the sweep's) comes: its task takes it.
    taken = sources_lease(source_ids=[sources[1].pk], queued_extra=1, task_id="task-b")
    assert [(s.pk, s.attempts) for s in taken] == [(sources[1].pk, 2)]
    assert Source.objects.get(pk=sources[1].pk).taken_by == "task-b"


@postgresql_only
def test_a_released_lease_leaves_the_source_to_any_run():
    (source,) = _queued(1)
    sources_lease(source_ids=[source.pk], task_id="task-a")
    assert liveness.lock_key(source.pk) in _held_by_another_session()
    sources_release(source_ids=[source.pk])
    assert liveness.lock_key(source.pk) not in _held_by_another_session()


# --- The sweep ----------------------------------------------------------------------------


def _age(source: Source, **delta) -> None:
    Source.objects.filter(pk=source.pk).update(
        status_changed_at=timezone.now() - timedelta(**delta)
    )


def test_queued_sources_are_stuck_once_they_wait_longer_than_a_run_can_take(settings):
    settings.SOURCE_STUCK_AFTER = timedelta(seconds=settings.CLAIMS_TASK_HARD_TIME_LIMIT + 60)
    source = source_create(content=ARTICLE)
    assert sources_stuck() == []
    _age(source, seconds=settings.CLAIMS_TASK_HARD_TIME_LIMIT)
    assert sources_stuck() == []
    _age(source, seconds=settings.CLAIMS_TASK_HARD_TIME_LIMIT + 61)
    assert sources_stuck() == [source]
    Source.objects.filter(pk=source.pk).update(status=Source.Status.DONE)
    assert sources_stuck() == []


def test_the_stuck_threshold_follows_the_task_time_limit():
    from django.conf import settings

    # The hard limit kills a run 30 s after the soft one; a minute after that none is alive.
    hard_limit, stuck_after = settings.CLAIMS_TASK_HARD_TIME_LIMIT, settings.SOURCE_STUCK_AFTER
    assert hard_limit == settings.CLAIMS_TASK_TIME_LIMIT + 30
    assert stuck_after.total_seconds() == hard_limit + 60


def test_older_than_zero_takes_every_queued_source():
    sources = _queued(2)
    assert sources_stuck() == []
    assert sources_stuck(older_than=timedelta(0)) == sources


def test_a_source_whose_message_could_not_be_sent_is_stuck_at_once():
    sources = _queued(2)
    source_mark_unsent(source_id=sources[1].pk)
    assert sources_stuck() == [sources[1]]
    # Queuing it again clears the mark: the new message went out.
    source_requeue(source=sources[1])
    assert sources_stuck() == []
    assert Source.objects.get(pk=sources[1].pk).send_failed is False


def test_a_processing_source_is_stuck_once_its_run_is_dead(other_worker):
    sources = _queued(2)
    other_worker.lease(source_ids=[sources[0].pk], queued_extra=1, task_id="task-a")
    assert sources_stuck() == []
    if liveness.tracks_liveness():
        other_worker.die()  # at once: its locks went with its session
    else:
        for source in sources:  # no way to tell: only once no run can still be on it
            _age(source, minutes=12)
    assert sources_stuck() == sources


# --- Runs in other worker processes -------------------------------------------------------


def _held_by_another_session() -> set[int]:
    other = _connect()
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid = %s::oid AND pid <> pg_backend_pid()",
                [liveness.LOCK_NAMESPACE],
            )
            return {row[0] for row in cursor.fetchall()}
    finally:
        other.close()


def _connect():
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )


class OtherWorker:
    """A run in another worker process: its leases are held by another database session."""

    def __init__(self):
        self.session = _connect() if liveness.tracks_liveness() else None

    def lease(self, **kwargs) -> list[Source]:
        taken = sources_lease(**kwargs)
        if self.session is not None:
            # Move the locks to the other session, as if that worker had leased them.
            sources_release(source_ids=[s.pk for s in taken])
            self.session.autocommit = True
            with self.session.cursor() as cursor:
                for source in taken:
                    cursor.execute(
                        "SELECT pg_advisory_lock(%s, %s)",
                        [liveness.LOCK_NAMESPACE, liveness.lock_key(source.pk)],
                    )
        return taken

    def die(self) -> None:
        """The worker is gone (killed, its machine lost): its session ends.

        Without PostgreSQL nothing changes: its sources wait for its own task or
        for the threshold.
        """
        if self.session is not None:
            self.session.close()
            self.session = None


@pytest.fixture
def other_worker():
    worker = OtherWorker()
    yield worker
    worker.die()

"""Queuing a source's processing when the broker is down, and the sweep that sends it later."""

import pytest
from kombu.exceptions import OperationalError as BrokerUnavailable

from claims.processing.tasks import process_source, requeue_stuck_sources
from sources.models import Source
from sources.services import source_create
from tracker.celery import app as celery_app

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Astana turns east\n\n"
    "Kazakhstan signed a gas agreement with China in March 2023, officials in Astana said."
)


@pytest.fixture
def broker_down():
    """Tasks go through a broker (not in-process), and the broker refuses every message.

    Call the fixture's value to bring the broker back (tasks then run in-process again).
    """
    task = process_source._get_current_object()
    sent = task.delay

    def refuse(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def back() -> None:
        celery_app.conf.task_always_eager = True
        task.delay = sent

    celery_app.conf.task_always_eager = False
    task.delay = refuse
    yield back
    back()


def test_a_source_whose_message_cannot_be_sent_stays_queued_and_is_marked(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source = source_create(content=ARTICLE)
    source.refresh_from_db()
    assert (source.status, source.send_failed) == (Source.Status.QUEUED, True)


def test_the_sweep_sends_it_again_once_the_broker_is_back(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source = source_create(content=ARTICLE)
    broker_down()  # the broker is back

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stuck_sources() == 1
    source.refresh_from_db()
    assert (source.status, source.send_failed, source.attempts) == (Source.Status.DONE, False, 1)
    assert source.claims.count() == 1
    # Nothing left for the next sweep: the source is not processed twice.
    assert requeue_stuck_sources() == 0

"""Celery tasks: take ids, call services, decide about retrying. Nothing else."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from sources import services as source_services

from .pipeline import TRANSIENT_ERRORS, processing_run

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


# Task names are fixed, not derived from the module path: messages already on
# the broker keep their meaning when the code moves.
@shared_task(
    name="claims.tasks.process_source",
    bind=True,
    acks_late=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.CLAIMS_TASK_TIME_LIMIT,
    time_limit=settings.CLAIMS_TASK_HARD_TIME_LIMIT,
)
def process_source(self, source_id: int) -> None:
    """Extract a source's proposed claims; record a failure with its reason.

    Safe to run twice (acks_late redelivers after a lost worker): a source done
    since it was queued is skipped, a source this task held is taken back, and
    processing replaces only unreviewed proposals.
    """
    # A worker reads several queued sources in one spaCy batch; in-process
    # (eager) runs each source as it is added.
    extra = 0 if self.request.is_eager else settings.CLAIMS_BATCH_SIZE - 1
    # A retry, and a message the broker gives again after its worker was lost
    # (acks_late, reject_on_worker_lost), keep the task's id: with it the task
    # takes back the sources it held.
    try:
        processing_run(source_id=source_id, queued_extra=extra, task_id=self.request.id or "")
    except TRANSIENT_ERRORS as exc:
        # In-process (eager) runs have no broker to retry through; a worker does.
        if not self.request.is_eager and self.request.retries < self.max_retries:
            # Exponential backoff: 10 s, 20 s, 40 s, ... capped at 5 minutes.
            countdown = min(300, 10 * 2**self.request.retries)
            logger.warning(
                "Source %s: transient error, retrying in %ss: %s", source_id, countdown, exc
            )
            raise self.retry(exc=exc, countdown=countdown) from exc
        _record_failure(
            source_id, f"Database unavailable after {self.request.retries} retries: {exc}"
        )
    except SoftTimeLimitExceeded:
        _record_failure(
            source_id, f"Processing took longer than {settings.CLAIMS_TASK_TIME_LIMIT} seconds."
        )
    except Exception as exc:
        logger.exception("Source %s failed", source_id)
        _record_failure(source_id, f"{type(exc).__name__}: {exc}")


def _record_failure(source_id: int, reason: str) -> None:
    try:
        source_services.source_mark_failed(source_id=source_id, reason=reason)
    except TRANSIENT_ERRORS:
        logger.exception("Source %s: could not record the failure: %s", source_id, reason)


@shared_task(name="claims.tasks.requeue_stuck_sources")
def requeue_stuck_sources() -> int:
    """Queue again the sources whose message or run was lost (see ``sources_stuck``).

    Run every minute by celery beat, and by each worker when it connects to
    the broker (claims/processing/worker.py): after an outage, work resumes as
    soon as a worker is back, without an operator.
    """
    stuck = source_services.sources_stuck()
    for source in stuck:
        source_services.source_requeue(source=source)
    if stuck:
        logger.info("Re-queued %s stuck sources: %s.", len(stuck), [s.pk for s in stuck])
    return len(stuck)

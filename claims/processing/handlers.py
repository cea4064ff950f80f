"""Where a queued source continues into claims: connected in ``ClaimsConfig.ready()``."""

import logging

from django.db import transaction

from sources import services as source_services

logger = logging.getLogger(__name__)


def queue_source_processing(sender, source, **kwargs) -> None:
    """Queue ``process_source`` once the transaction that queued the source commits.

    If the broker is down the source stays queued and is marked ``send_failed``;
    the sweep (``requeue_stuck_sources``: every minute, and whenever a worker
    connects) sends it again once the broker is back.
    """
    from .tasks import process_source

    source_id = source.pk

    def send() -> None:
        if process_source.app.conf.task_always_eager:
            # In-process: nothing is sent, and the task records its own failures.
            process_source.delay(source_id)
            return
        try:
            process_source.delay(source_id)
        except Exception:
            # Celery has already retried the publish a few times.
            logger.warning("Source %s: could not queue its processing.", source_id, exc_info=True)
            source_services.source_mark_unsent(source_id=source_id)

    transaction.on_commit(send, robust=True)

"""What a worker does of its own accord: sweep for lost work each time it connects.

Added to every worker's consumer in tracker/celery.py. The consumer starts its
steps on the first connection and again after every reconnection, so a worker
that starts (after one was killed) or whose broker comes back queues the sweep
at once, rather than leaving it to the next tick of celery beat.
"""

import logging

from celery import bootsteps

logger = logging.getLogger(__name__)


class SweepOnConnect(bootsteps.StartStopStep):
    """Send ``requeue_stuck_sources`` once the consumer is connected and consuming."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, c) -> None:
        from .tasks import requeue_stuck_sources

        try:
            requeue_stuck_sources.delay()
        except Exception:
            # The broker left again; the next connection or beat's tick sweeps.
            logger.warning("Could not queue the sweep for lost work.", exc_info=True)

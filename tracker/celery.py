"""The Celery app. Workers start with ``celery -A tracker worker``.

Configuration comes from Django settings under the ``CELERY_`` prefix, so the
broker, eager mode and beat schedule are all set in ``tracker/settings.py``.
"""

import os
import sys

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each worker sweeps for lost work whenever it connects to the broker (loaded
# by name when a worker starts, once Django is set up).
app.steps["consumer"].add("claims.processing.worker:SweepOnConnect")


@worker_init.connect
def load_pipeline_before_the_pool(**kwargs) -> None:
    """Load the spaCy pipeline in the worker before its pool starts: the pool's
    processes fork from this one and share it, so no task waits for the model."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from claims.processing.warmup import processing_prepare

    processing_prepare(process="worker")


def worker_command(
    *, queue: str, loglevel: str = "WARNING", links_queue: str | None = None
) -> list[str]:
    """A ``celery worker`` command for one process on ``queue`` and the link-suggestion
    queue, for benchmarks and tests.

    Gossip, mingle and heartbeats are off: a lone worker needs none, and it starts faster.
    """
    from django.conf import settings

    queues = f"{queue},{links_queue or settings.LINK_SUGGESTIONS_QUEUE}"
    return [
        sys.executable, "-m", "celery", "-A", "tracker", "worker", "--queues", queues,
        "--concurrency", "1", "--loglevel", loglevel,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip

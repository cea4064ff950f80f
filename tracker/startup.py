"""What the web process does as it starts, before its first request: import every
view, load what cleaning an article needs and, when it reads articles itself (no
broker: tasks run in-process), the spaCy pipeline. Called from tracker/wsgi.py,
which both production servers and ``runserver`` load; nothing else imports it, so
tests, migrations and other management commands never pay for it.
"""

import logging
import time

from django.conf import settings
from django.urls import get_resolver
from django.utils import timezone

logger = logging.getLogger(__name__)

# A small page in each input format, cleaned once so the libraries behind cleaning
# (HTML extraction, stop lists, the pasted-page model) are loaded before an editor's.
SAMPLE_TEXT = (
    "Talks resume in Astana\n\n"
    "The minister said on Monday that engineers from Kazakhstan would join the project, "
    "and that the first stage would be finished by the end of the year."
)
SAMPLE_HTML = (
    "<html><head><title>Talks resume</title></head>"
    f"<body><article><p>{SAMPLE_TEXT}</p></article></body></html>"
)


def web_process_prepare() -> None:
    """Load what the first request would otherwise wait for, and say so in the log;
    nothing when ``SPACY_PRELOAD`` is off."""
    if not settings.SPACY_PRELOAD:
        logger.info("Web process: nothing loaded before the first request (SPACY_PRELOAD is off).")
        return
    from sources.cleaning import clean

    started = time.perf_counter()
    get_resolver().url_patterns  # imports every view module  # noqa: B018
    for input_format, sample in (("text", SAMPLE_TEXT), ("html", SAMPLE_HTML)):
        clean(sample, input_format=input_format, today=timezone.localdate())
    logger.info(
        "Web process: views and article cleaning loaded in %.1f s.", time.perf_counter() - started
    )
    # With no broker, articles are read in this process; with one, workers read them
    # (tracker/celery.py loads the pipeline there).
    if settings.CELERY_TASK_ALWAYS_EAGER:
        from claims.processing.warmup import processing_prepare

        processing_prepare(process="web process")

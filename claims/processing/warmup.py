"""What a process that reads articles loads when it starts, so its first article is
as fast as the next: the spaCy pipeline and the language identifier.

Called where such a process starts, never on import: each Celery worker before its
pool starts (tracker/celery.py), and the web process when it reads articles itself,
i.e. when tasks run in-process (tracker/wsgi.py). Tests, migrations and other
management commands never load the pipeline before they need it.
"""

import logging
import time

from django.conf import settings

from sources.cleaning import detect_language

from ..nlp import pipeline as nlp

logger = logging.getLogger(__name__)


def processing_prepare(*, process: str) -> float | None:
    """Load and run the pipeline once, and say so in the log; the seconds it took.

    ``process`` names the process in the log line ("web process", "worker").
    Does nothing (returns None) when ``SPACY_PRELOAD`` is off.
    """
    if not settings.SPACY_PRELOAD:
        logger.info(
            "%s: the spaCy pipeline loads with the first article (SPACY_PRELOAD is off).",
            process.capitalize(),
        )
        return None
    started = time.perf_counter()
    nlp.warm_up()
    detect_language(nlp.WARM_UP_TEXT)
    seconds = time.perf_counter() - started
    logger.info(
        "%s: spaCy pipeline %s loaded in %.1f s, before the first article.",
        process.capitalize(),
        settings.SPACY_MODEL,
        seconds,
    )
    return seconds

"""Processes that read articles load the spaCy pipeline as they start; others never do."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from claims.nlp import pipeline as nlp
from claims.processing.warmup import processing_prepare


def test_preparing_a_process_loads_the_pipeline_and_says_so(settings, caplog):
    settings.SPACY_PRELOAD = True
    caplog.set_level("INFO", logger="claims.processing.warmup")
    seconds = processing_prepare(process="worker")
    assert seconds is not None and seconds >= 0
    assert nlp._load.cache_info().currsize == 1
    assert f"Worker: spaCy pipeline {settings.SPACY_MODEL} loaded in" in caplog.text
    assert "before the first article" in caplog.text


def test_with_preloading_off_the_log_says_the_first_article_loads_it(settings, caplog):
    settings.SPACY_PRELOAD = False
    caplog.set_level("INFO", logger="claims.processing.warmup")
    assert processing_prepare(process="web process") is None
    assert "Web process: the spaCy pipeline loads with the first article" in caplog.text


def _python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    environment.update(DJANGO_DEBUG="1", LOG_LEVEL="INFO", DJANGO_SECRET_KEY=settings.SECRET_KEY)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


@pytest.mark.parametrize(
    "broker, loads",
    [("", True), ("redis://127.0.0.1:6379/18", False)],
    ids=["in-process", "broker"],
)
def test_the_web_process_loads_the_pipeline_when_it_reads_articles_itself(broker, loads):
    """Without a broker the web process reads articles and loads the pipeline as it
    starts; with one the workers read them and the web process never loads it."""
    started = _python(
        "import sys, tracker.wsgi; print('spacy' in sys.modules)",
        **({"CELERY_BROKER_URL": broker} if broker else {}),
    )
    assert ("Web process: spaCy pipeline" in started.stderr) is loads
    assert started.stdout.strip() == str(loads)


def test_management_commands_and_tests_do_not_load_the_pipeline():
    setup = _python(
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings');"
        "django.setup(); print('spacy' in sys.modules)"
    )
    assert setup.stdout.strip() == "False"
    assert "spaCy pipeline" not in setup.stderr

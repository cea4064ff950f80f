"""The web process loads what its first request needs as it starts; management commands
and tests never load the spaCy pipeline before they need it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


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
    assert "Web process: views and article cleaning loaded in" in started.stderr
    assert ("Web process: spaCy pipeline" in started.stderr) is loads
    assert started.stdout.strip() == str(loads)


def test_management_commands_and_tests_do_not_load_the_pipeline():
    setup = _python(
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings');"
        "django.setup(); print('spacy' in sys.modules)"
    )
    assert setup.stdout.strip() == "False"
    assert "spaCy pipeline" not in setup.stderr

"""Settings from the environment: safe defaults, the secret key a deployment must give."""

import os
import subprocess
import sys

from django.conf import settings

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_settings(**env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_vars, DJANGO_SETTINGS_MODULE="tracker.settings")
    return subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_deployment_without_a_secret_key_refuses_to_start():
    result = run_settings(DATABASE_URL="postgres://db.invalid/tracker")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_embedded_default_starts_with_nothing_set_and_debug_off():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_worker_outlives_its_broker():
    from tracker.celery import app

    # Cancelling running tasks on a broker blip killed them and, at times, the
    # worker itself (tracker/settings.py says why); the lease keeps storing exactly-once.
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is False
    # A worker waits for its broker for as long as the outage lasts.
    assert app.conf.broker_connection_max_retries is None

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

"""Settings from the environment: safe defaults, the secret key a deployment must give."""

import importlib.util
import os
import subprocess
import sys

import pytest
from django.conf import settings

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
ENVIRONMENT = ("DJANGO_", "DATABASE_", "SOURCE_", "TRACKER_", "AXES_", "CACHE_URL")


def run_settings(code: str = CHECK, **env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENVIRONMENT)}
    env.update(env_vars, DJANGO_SETTINGS_MODULE="tracker.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
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


def setting(name: str, **env_vars) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = run_settings(code, **env_vars)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_x_forwarded_proto_is_trusted_only_when_the_operator_says_a_proxy_sets_it():
    production = {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}
    assert setting("SECURE_PROXY_SSL_HEADER", **production) == "None"
    assert setting(
        "SECURE_PROXY_SSL_HEADER", DJANGO_SECURE_PROXY_SSL_HEADER="1", **production
    ) == repr(("HTTP_X_FORWARDED_PROTO", "https"))


def test_client_addresses_trust_no_proxy_unless_told():
    assert setting("TRACKER_TRUSTED_PROXIES") == "0"
    assert setting("REST_FRAMEWORK", TRACKER_TRUSTED_PROXIES="2").count("'NUM_PROXIES': 2") == 1


def test_sign_in_lockout_defaults_and_environment():
    assert setting("AXES_FAILURE_LIMIT") == "5"
    assert setting("AXES_COOLOFF_TIME") == "datetime.timedelta(seconds=900)"
    assert setting("AXES_FAILURE_LIMIT", AXES_FAILURE_LIMIT="10") == "10"
    assert setting("AXES_COOLOFF_TIME", AXES_COOLOFF_MINUTES="60") == (
        "datetime.timedelta(seconds=3600)"
    )


def test_request_bodies_follow_the_article_limit():
    assert int(setting("DATA_UPLOAD_MAX_MEMORY_SIZE")) == 3 * 5 * 1024 * 1024 + 1024 * 1024
    assert int(setting("DATA_UPLOAD_MAX_MEMORY_SIZE", SOURCE_MAX_RAW_BYTES="1000000")) == (
        3 * 1000000 + 1024 * 1024
    )


def test_check_deploy_is_clean_in_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENVIRONMENT)}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7Kp2-deploy-check-" + "q9Zr4Lm8Vt" * 5,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="tracker.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_hsts_lasts_a_year_when_https_is_on():
    production = {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}
    assert setting("SECURE_HSTS_SECONDS", **production) == "31536000"
    assert setting("SECURE_HSTS_SECONDS", DJANGO_HSTS_SECONDS="600", **production) == "600"


def test_a_worker_outlives_its_broker():
    from tracker.celery import app

    # Cancelling running tasks on a broker blip killed them and, at times, the
    # worker itself (tracker/settings.py says why); the lease keeps storing exactly-once.
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is False
    # A worker waits for its broker for as long as the outage lasts.
    assert app.conf.broker_connection_max_retries is None


POSTGRES = {
    "DATABASE_URL": "postgres://tracker@db.invalid:5432/tracker",
    "DJANGO_SECRET_KEY": "k" * 50,
}
POOL_INSTALLED = bool(
    importlib.util.find_spec("psycopg") and importlib.util.find_spec("psycopg_pool")
)


def test_connections_persist_for_a_minute_without_a_pool():
    databases = setting("DATABASES", **POSTGRES)
    assert "'CONN_MAX_AGE': 60" in databases
    assert "'pool'" not in databases
    assert "'CONN_MAX_AGE': 0" in setting("DATABASES", DATABASE_CONN_MAX_AGE="0", **POSTGRES)


def test_a_connection_pool_asked_for_wrongly_is_refused_with_the_reason():
    refusals = [
        ({"DJANGO_SECRET_KEY": "k" * 50}, "needs a PostgreSQL DATABASE_URL"),
        ({"DATABASE_CONN_MAX_AGE": "60", **POSTGRES}, "DATABASE_CONN_MAX_AGE must be 0"),
        ({"DATABASE_POOL_MIN_SIZE": "9", **POSTGRES}, "between 1 and DATABASE_POOL_MAX_SIZE"),
        ({"DATABASE_POOL_MAX_SIZE": "-1", **POSTGRES}, "at least 1"),
    ]
    for env, message in refusals:
        result = run_settings(**{"DATABASE_POOL_MAX_SIZE": "8", **env})
        assert result.returncode != 0, env
        assert message in result.stderr, (env, result.stderr[-500:])


@pytest.mark.skipif(POOL_INSTALLED, reason="psycopg 3 and psycopg_pool are installed")
def test_a_connection_pool_without_its_package_says_what_to_install():
    result = run_settings(DATABASE_POOL_MAX_SIZE="8", **POSTGRES)
    assert result.returncode != 0
    assert "pip install 'psycopg[binary,pool]'" in result.stderr


@pytest.mark.skipif(not POOL_INSTALLED, reason="psycopg 3 and psycopg_pool are not installed")
def test_a_connection_pool_replaces_persistent_connections():
    databases = setting("DATABASES", DATABASE_POOL_MAX_SIZE="8", **POSTGRES)
    assert "'CONN_MAX_AGE': 0" in databases
    assert "'pool': {'min_size': 2, 'max_size': 8, 'timeout': 10.0}" in databases

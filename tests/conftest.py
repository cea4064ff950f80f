"""Shared fixtures. Tests run on whatever DATABASE_URL and CELERY_BROKER_URL say."""

import pytest
from django.contrib.auth import get_user_model

from tracker.celery import app as celery_app


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run eagerly in the test process, even when a broker is configured.

    Only end-to-end tests (marked ``e2e``) send them through the real broker
    to a real worker.
    """
    if request.node.get_closest_marker("e2e"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def roles_after_flush(request):
    """Transactional tests flush every table, the migrations' groups included; put them back."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or "live_server" in request.fixturenames):
        from access.roles import roles_ensure

        request.getfixturevalue("transactional_db")
        roles_ensure()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(username="ed", password="pw", is_staff=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (processing) as they would run after a real commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        yield callbacks


@pytest.fixture(scope="session", autouse=True)
def test_database_released(django_db_setup, django_db_blocker):
    """End every other session on the PostgreSQL test database before it is dropped.

    The database is this run's own. Code run from Playwright's sync API runs in
    another context, where Django opens a connection of its own that nothing
    closes; dropping the database would then warn that it is still in use.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

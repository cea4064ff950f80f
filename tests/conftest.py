"""Shared fixtures: every user and role the tests sign in as, and what every area needs.

Tests run on whatever DATABASE_URL and CELERY_BROKER_URL say.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from access.roles import EDITORS, RESEARCHERS
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


@pytest.fixture(autouse=True)
def processing_locks_released(request, django_db_blocker):
    """Leases a test takes outlive its rolled-back transaction on PostgreSQL; drop them.

    The test session's processing locks (sources/liveness.py) would otherwise
    make a worker process of a later test see those sources as held by a live run.
    """
    yield
    if connection.vendor != "postgresql" or connection.connection is None:
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock_all()")


# --- Users and roles ----------------------------------------------------------------------
# Both roles are staff, so they sign in to the admin as well as to the view and the API.
# Every user's password is "a-long-password" (the browser tests type it).


def _member(username: str, group: str):
    user = get_user_model().objects.create_user(
        username=username, password="a-long-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_user(db):
    """A member of the Editors group."""
    return _member("editor", EDITORS)


@pytest.fixture
def researcher_user(db):
    """A member of the Researchers group."""
    return _member("researcher", RESEARCHERS)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor_user):
    """Django's test client with the editor's session (admin and view)."""
    return _signed_in(editor_user)


@pytest.fixture
def researcher_client(researcher_user):
    """Django's test client with the researcher's session (admin and view)."""
    return _signed_in(researcher_user)


def _api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor_api(editor_user):
    """An API client sending the editor's token."""
    return _api_client(editor_user)


@pytest.fixture
def researcher_api(researcher_user):
    """An API client sending the researcher's token."""
    return _api_client(researcher_user)


@pytest.fixture
def anonymous_api():
    """An API client without credentials."""
    return _api_client()


@pytest.fixture
def api_for(request):
    """The API client of a role: "anonymous", "researcher" or "editor"."""

    def make(role: str) -> APIClient:
        return request.getfixturevalue(f"{role}_api")

    return make


# --- Shared helpers -----------------------------------------------------------------------


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (processing) as they would run after a real commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        yield callbacks


@pytest.fixture
def count_queries():
    """GET ``url`` with ``client`` and return (response, number of queries it ran)."""

    def get(client, url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        return response, len(queries)

    return get


@pytest.fixture(scope="session", autouse=True)
def test_database_released(django_db_setup, django_db_blocker):
    """End every other session on the PostgreSQL test database before it is dropped.

    The database is this run's own. Code run from Playwright's sync API runs in
    another context, where Django opens a connection of its own that nothing
    closes; dropping the database would then warn that it is still in use.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

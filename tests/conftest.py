"""Shared fixtures. Tests run on whatever DATABASE_URL and CELERY_BROKER_URL say."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(username="ed", password="pw", is_staff=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (processing) as they would run after a real commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        yield callbacks

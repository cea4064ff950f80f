"""Admin fixtures: an editor and a researcher signed in, and a query counter for list pages."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from access.roles import EDITORS, RESEARCHERS


def _member(username: str, group: str):
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_user(db):
    return _member("editor", EDITORS)


@pytest.fixture
def researcher_user(db):
    return _member("researcher", RESEARCHERS)


@pytest.fixture
def editor_client(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def researcher_client(researcher_user):
    client = Client()
    client.force_login(researcher_user)
    return client


@pytest.fixture
def count_queries():
    """GET ``url`` with ``client`` and return (response, number of queries it ran)."""

    def get(client, url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        return response, len(queries)

    return get

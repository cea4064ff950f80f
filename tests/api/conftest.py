"""Users with each role, API clients signed in with their tokens, and a small linked corpus."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from access.roles import EDITORS, RESEARCHERS
from claims.models import Entity
from tests.factories import ClaimFactory, EntityFactory, MentionFactory, SourceFactory


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def _user(username: str, group: str | None):
    user = get_user_model().objects.create_user(username=username, password="pw")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api_editor(db):
    return _user("api-editor", EDITORS)


@pytest.fixture
def api_researcher(db):
    return _user("api-researcher", RESEARCHERS)


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def editor_client(api_editor):
    return _client(api_editor)


@pytest.fixture
def researcher_client(api_researcher):
    return _client(api_researcher)


@pytest.fixture
def client_for(db):
    """The API client of a role: "anonymous", "researcher" or "editor"."""

    def make(role: str) -> APIClient:
        if role == "anonymous":
            return APIClient()
        return _client(_user(f"user-{role}", {"editor": EDITORS, "researcher": RESEARCHERS}[role]))

    return make


@pytest.fixture
def corpus(db):
    """Two sources with one claim each, both naming Russia; the second also names China.

    These are the only entities: any a data migration seeded are removed.
    """
    Entity.objects.all().delete()
    russia, china = EntityFactory(name="Russia"), EntityFactory(name="China")
    first = SourceFactory(
        title="Russia reclaims Central Asia",
        publisher="Steppe Review",
        author="Irina Solberg",
        url="https://steppe.example/reclaims",
        published_on="2022-01-07",
    )
    second = SourceFactory(
        title="Russia loses Central Asia",
        publisher="Eurasia Ledger",
        published_on="2023-05-19",
    )
    claim_1, claim_2 = ClaimFactory(source=first), ClaimFactory(source=second)
    MentionFactory(claim=claim_1, entity=russia)
    MentionFactory(claim=claim_2, entity=russia)
    MentionFactory(claim=claim_2, entity=china, start=10, end=15)
    return {
        "russia": russia,
        "china": china,
        "sources": [first, second],
        "claims": [claim_1, claim_2],
    }

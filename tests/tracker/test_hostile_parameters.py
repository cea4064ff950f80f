"""Any string in any query parameter of any list is a 4xx or a 200, never a server error.

Every filter, search box, ordering and page parameter of every admin list and
every API list (and the contradiction view's list) gets hostile values: NUL,
a superscript digit (``str.isdigit`` says yes, ``int`` says no), numbers past
64 bits, 10,000 characters, SQL fragments, scripts from right to left.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.test import RequestFactory
from django.urls import reverse

from claims.api.views import ClaimSetViewSet, ClaimViewSet, EntityViewSet, LinkViewSet
from claims.linking.services import claim_link_create
from claims.models import Claim, ClaimLink, ClaimSet, Entity
from sources.api.views import SourceViewSet
from sources.models import Source
from tests.factories import ClaimFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "Rus\x00sia",
    "²",
    "#²",
    "99999999999999999999",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "x" * 10_000,
    "'; --",
    '") OR 1=1; DROP TABLE claims_claim; --',
    "Ωμέγα 東京 🙂 \u202eevil",
    "%_\\",
]


@pytest.fixture(autouse=True)
def no_rate_limit(monkeypatch):
    """Hundreds of requests a test: the throttle's counts are not what is tested here."""
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", None)


@pytest.fixture
def data(editor_user):
    """A source with two claims naming an entity, linked in conflict: every list has rows."""
    entity = EntityFactory(name="Russia")
    claims = [ClaimFactory(source=SourceFactory(published_on="2022-01-07")) for _ in range(2)]
    for claim in claims:
        MentionFactory(claim=claim, entity=entity)
    claim_link_create(
        claim_a=claims[0], claim_b=claims[1], relation="conflict", status="confirmed",
        created_by=editor_user,
    )  # fmt: skip
    return claims


def failures(client, url, parameters) -> list:
    """(parameter, value, status) of every hostile request answered 5xx."""
    client.raise_request_exception = False
    found = []
    for name in parameters:
        for value in HOSTILE:
            response = client.get(url, {name: value})
            if response.streaming:  # a download is read to the end, as a browser would
                b"".join(response.streaming_content)
            if response.status_code >= 500:
                found.append((name, value[:20], response.status_code))
    return found


# --- The admin's lists ---------------------------------------------------------------------


def admin_parameters(model, user) -> list[str]:
    """Every parameter the model's changelist reads: its filters, search, order, page, dates."""
    model_admin = admin.site.get_model_admin(model)
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return [*names, SEARCH_VAR, ORDER_VAR, PAGE_VAR]


@pytest.mark.parametrize("model", [Claim, ClaimLink, ClaimSet, Entity, Source])
def test_admin_lists_never_fail_on_hostile_parameters(data, editor_client, editor_user, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    parameters = admin_parameters(model, editor_user)
    assert len(parameters) >= 4
    assert failures(editor_client, url, parameters) == []


@pytest.mark.parametrize(
    ("model", "text_field"),
    [
        (Claim, "text"),
        (ClaimLink, "note"),
        (ClaimSet, "title"),
        (Entity, "name"),
        (Source, "title"),
    ],
)
def test_admin_lists_never_fail_on_lookups_no_filter_offers(data, editor_client, model, text_field):
    # The admin takes a lookup on any of the model's own fields from the query string.
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    parameters = [
        f"{text_field}__regex", f"{text_field}__iregex", f"{text_field}__startswith",
        "created_at__year", "created_at__month", "id__gt", "id__in", "pk",
    ]  # fmt: skip
    assert failures(editor_client, url, parameters) == []
    editor_client.raise_request_exception = False
    assert editor_client.get(url, {f"{text_field}__regex": "("}).status_code == 400


# --- The API's lists -----------------------------------------------------------------------

API_LISTS = {
    "/api/sources/": SourceViewSet,
    "/api/claims/": ClaimViewSet,
    "/api/links/": LinkViewSet,
    "/api/entities/": EntityViewSet,
    "/api/claim-sets/": ClaimSetViewSet,
}


@pytest.mark.parametrize("url", list(API_LISTS))
def test_api_lists_never_fail_on_hostile_parameters(data, editor_api, url):
    parameters = [*API_LISTS[url].filterset_class.base_filters, "ordering", "page_size", "cursor"]
    parameters += ["format"]
    assert failures(editor_api, url, parameters) == []
    assert failures(editor_api, f"{url}deleted/", ["since", "cursor", "page_size"]) == []


@pytest.mark.parametrize("url", list(API_LISTS))
def test_api_ids_past_64_bits_are_not_found(data, editor_api, url):
    for pk in ("9223372036854775808", "99999999999999999999999999"):
        assert editor_api.get(f"{url}{pk}/").status_code == 404


def test_the_contradiction_view_list_never_fails_on_hostile_parameters(data, editor_client):
    parameters = ["q", "entity", "publisher", "source", "published_from", "published_to", "page"]
    assert failures(editor_client, "/", parameters) == []
    assert failures(editor_client, "/export.json", parameters) == []

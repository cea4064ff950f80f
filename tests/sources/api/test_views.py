"""POST /api/sources/ (text or URL, 202; the same article again, 200) and reading sources."""

from django.core.exceptions import ValidationError

from sources import services as source_services
from sources.fetching import FetchedPage
from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory

ARTICLE = (
    "Russia is losing Central Asia\n\n"
    "Kazakhstan signed a new gas agreement with China in March 2023, officials in Astana said. "
    "Russian exports to the region fell by a third."
)


def test_posting_text_answers_202_and_processing_proposes_claims(
    editor_api, editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.post(
            "/api/sources/",
            {"text": ARTICLE, "publisher": "Eurasia Ledger", "published_on": "2023-03-05"},
            format="json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    source = Source.objects.get()
    assert body["id"] == source.pk
    assert response["Location"] == body["api_url"] == f"http://testserver/api/sources/{source.pk}/"
    assert body["is_duplicate"] is False
    assert body["publisher"] == "Eurasia Ledger"
    assert source.added_by == editor_user

    polled = editor_api.get(body["api_url"]).json()
    assert polled["status"] == "done"
    assert polled["claim_count"] == polled["proposed_count"] >= 1
    assert polled["body"].startswith("Russia is losing Central Asia")


def test_the_same_text_again_answers_200_with_the_existing_source(editor_api, run_on_commit):
    first = editor_api.post("/api/sources/", {"text": ARTICLE}, format="json").json()
    again = editor_api.post("/api/sources/", {"text": ARTICLE, "title": "Other"}, format="json")
    assert again.status_code == 200
    body = again.json()
    assert body["id"] == first["id"]
    assert body["is_duplicate"] is True
    assert body["message"].startswith(f"This article is already source #{first['id']}")
    assert again["Location"] == first["api_url"]
    assert Source.objects.count() == 1


def test_posting_a_url_fetches_it(editor_api, monkeypatch, run_on_commit):
    fetched = []

    def fake_fetch(url, **kwargs):
        fetched.append(url)
        return FetchedPage(url=url, content=ARTICLE.encode(), content_type="text/plain")

    monkeypatch.setattr(source_services, "fetch_url", fake_fetch)
    url = "https://ledger.example/losing"
    response = editor_api.post("/api/sources/", {"url": url, "author": "A. Writer"}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["url"] == url
    assert response.json()["author"] == "A. Writer"

    again = editor_api.post("/api/sources/", {"url": url}, format="json")
    assert again.status_code == 200
    assert again.json()["is_duplicate"] is True
    assert "same URL" in again.json()["message"]
    assert fetched == [url]  # a known URL is answered before anything is fetched


def test_a_url_that_does_not_answer_is_a_400(editor_api, monkeypatch):
    def failing_fetch(url, **kwargs):
        raise ValidationError("%(url)s answered 404 Not Found.", params={"url": url}, code="fetch")

    monkeypatch.setattr(source_services, "fetch_url", failing_fetch)
    response = editor_api.post("/api/sources/", {"url": "https://x.example/a"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "https://x.example/a answered 404 Not Found."
    assert not Source.objects.exists()


def test_bad_input_is_a_400_with_a_message(editor_api):
    cases = [
        ({}, "Give the article's `text` or its `url`."),
        ({"text": "   \n  "}, None),
        ({"text": "Kazakhstan and China.", "published_on": "yesterday"}, None),
        ({"text": "Kazakhstan and China.", "input_format": "pdf"}, None),
        ({"url": "not a url"}, None),
        ("just a string", None),
    ]
    for body, message in cases:
        response = editor_api.post("/api/sources/", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["message"], body
        if message:
            assert response.json()["message"] == message
    assert not Source.objects.exists()


def test_oversized_text_is_a_400(editor_api, settings):
    settings.SOURCE_MAX_RAW_BYTES = 100
    response = editor_api.post("/api/sources/", {"text": "Russia. " * 50}, format="json")
    assert response.status_code == 400
    assert "larger than the limit" in response.json()["message"]


def test_sources_list_status_error_and_claim_counts(researcher_api, db):
    failed = SourceFactory(status=Source.Status.FAILED, error="The parser ran out of memory.")
    done = SourceFactory()
    ClaimFactory(source=done, status="accepted")
    rows = {row["id"]: row for row in researcher_api.get("/api/sources/").json()["results"]}
    assert rows[failed.pk]["status"] == "failed"
    assert rows[failed.pk]["error"] == "The parser ran out of memory."
    assert rows[failed.pk]["claim_count"] == 0
    assert (rows[done.pk]["claim_count"], rows[done.pk]["accepted_count"]) == (1, 1)
    assert "body" not in rows[done.pk]


def test_a_misspelt_field_is_named_and_nothing_is_added(editor_api):
    response = editor_api.post(
        "/api/sources/",
        {"text": "Astana and Tashkent signed a water deal in May 2024.", "titel": "Water"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["titel"]
    assert not Source.objects.exists()


def test_an_article_at_the_documented_limit_reaches_the_service_however_it_is_escaped(
    editor_api, settings
):
    # Cyrillic is three times larger as JSON's \uXXXX escapes: 15 MB for this 5.3 MB text.
    text = "Россия и Китай в Центральной Азии. " * 85_000
    assert len(text.encode()) > settings.SOURCE_MAX_RAW_BYTES
    response = editor_api.post("/api/sources/", {"text": text}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == ("The input is larger than the limit of 5,242,880 bytes.")


def test_a_body_over_the_request_limit_is_a_json_413(editor_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = editor_api.post("/api/sources/", {"text": "Russia. " * 2_000}, format="json")
    assert response.status_code == 413
    assert response.json()["message"].startswith(
        "The request is larger than the limit of 10,000 bytes"
    )
    assert not Source.objects.exists()

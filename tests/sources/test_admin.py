"""The sources admin: add by pasting, uploading or a URL, with form errors; the body marked."""

import gzip
import html
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.html import Span, highlight_spans
from common.text import sentence_spans
from sources.cleaning import clean
from sources.fetching import FetchedPage
from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:sources_source_add")
LIST = reverse("admin:sources_source_changelist")
ARTICLE = (
    "Russia and China in Central Asia\n\n"
    "Russia sent troops to Kazakhstan in January 2022. "
    "China overtook Russia as Kazakhstan's largest trading partner in 2022."
)


def errors_of(response) -> str:
    return html.unescape(response.content.decode())


def test_pasting_text_adds_a_source_and_proposes_its_claims(
    editor_client, editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(ADD, {"text": ARTICLE, "publisher": "Steppe Review"})
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_source_change", args=[source.pk])
    assert (source.publisher, source.added_by) == ("Steppe Review", editor_user)
    assert source.title == "Russia and China in Central Asia"
    source.refresh_from_db()
    assert source.status == Source.Status.DONE
    assert source.claims.filter(status="proposed").count() >= 2


def test_uploading_a_markdown_file_adds_a_source(editor_client):
    upload = SimpleUploadedFile("story.md", ARTICLE.encode(), content_type="text/markdown")
    response = editor_client.post(ADD, {"file": upload, "published_on": "2022-01-07"})
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.input_format, str(source.published_on)) == ("markdown", "2022-01-07")


def test_a_url_is_fetched_and_added(editor_client, monkeypatch):
    page = FetchedPage(
        url="https://example.org/story",
        content=f"<html><body><article><h1>Story</h1><p>{ARTICLE}</p></article></body></html>".encode(),
        content_type="text/html",
    )
    monkeypatch.setattr("sources.services.fetch_url", lambda url, **kwargs: page)
    response = editor_client.post(ADD, {"url": "https://example.org/story"})
    assert response.status_code == 302
    assert Source.objects.get().url == "https://example.org/story"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste the article, upload a file or give its URL."),
        ({"text": "   \n  "}, "The input is empty."),
        ({"text": ARTICLE, "url": "https://example.org/a"}, "one way only"),
        (
            {"file": SimpleUploadedFile("paper.pdf", b"%PDF-1.4", "application/pdf")},
            "Upload a .txt, .md or .html file",
        ),
        (
            {"file": SimpleUploadedFile("notes.txt", b"abc\x00\x01\x02" * 50, "text/plain")},
            "binary",
        ),
        ({"text": ARTICLE, "published_on": "7 January"}, "Enter a valid date."),
        ({"url": "ftp://example.org/a"}, "is not an http or https URL"),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(editor_client, data, message):
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (3_000_000, "characters; the limit is 300,000."),
        (6_000_000, "larger than the limit of 5,242,880 bytes"),
    ],
)
def test_a_paste_over_a_limit_is_a_form_error_that_keeps_the_text(editor_client, size, message):
    text = ("Russia sent troops to Kazakhstan in January 2022. " * (size // 50))[:-8] + "THE END."
    response = editor_client.post(ADD, {"text": text})
    assert response.status_code == 200
    assert message in errors_of(response)
    assert response.context["adminform"].form["text"].value() == text
    assert "THE END.</textarea>" in response.content.decode()
    assert not Source.objects.exists()


def test_a_paste_far_beyond_the_limits_is_a_413_saying_what_they_are(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = editor_client.post(ADD, {"text": "Russia sent troops. " * 1_000})
    assert response.status_code == 413
    assert "larger than the limit of 10,000 bytes" in errors_of(response)
    assert not Source.objects.exists()


def test_a_url_that_does_not_answer_is_an_error_on_the_url_field(editor_client, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(url, **kwargs):
        raise ValidationError("example.org did not answer within 15 seconds.", code="fetch")

    monkeypatch.setattr("sources.services.fetch_url", refuse)
    response = editor_client.post(ADD, {"url": "https://example.org/slow"})
    assert response.context["adminform"].form.errors["url"] == [
        "example.org did not answer within 15 seconds."
    ]


def test_the_same_article_twice_is_reported_with_a_link_to_the_first(editor_client):
    editor_client.post(ADD, {"text": ARTICLE})
    first = Source.objects.get()
    response = editor_client.post(ADD, {"text": ARTICLE + "\n"})
    assert response.status_code == 200
    content = errors_of(response)
    assert f"This article is already source #{first.pk}" in content
    assert reverse("admin:sources_source_change", args=[first.pk]) in content
    assert Source.objects.count() == 1


def test_source_list_queries_do_not_grow_with_rows(editor_client, count_queries):
    def make(n):
        for _ in range(n):
            ClaimFactory(source=SourceFactory())

    make(5)
    _, few = count_queries(editor_client, LIST)
    make(495)
    response, many = count_queries(editor_client, LIST)
    assert many == few
    row = response.context["cl"].result_list[0]
    assert (row.claim_count, row.proposed_count, row.accepted_count) == (1, 1, 0)


def test_source_page_marks_every_claim_by_status_and_escapes_the_body(editor_client):
    body = "Title\n\n<b>Bold</b> text. Russia sent troops. China traded more."
    source = SourceFactory(body=body, error="Timed out after 300 seconds <again>")
    for sentence, status in (
        ("Russia sent troops.", "accepted"),
        ("China traded more.", "rejected"),
    ):
        start = body.index(sentence)
        ClaimFactory(
            source=source, start=start, end=start + len(sentence), text=sentence, status=status
        )
    content = editor_client.get(
        reverse("admin:sources_source_change", args=[source.pk])
    ).content.decode()
    assert "<b>Bold</b>" not in content and "&lt;b&gt;Bold&lt;/b&gt; text." in content
    assert 'class="claim claim--accepted" title="Accepted · score 0.70"><a href=' in content
    assert 'class="claim claim--rejected"' in content
    assert "Timed out after 300 seconds &lt;again&gt;" in content


def test_process_again_requeues_and_reprocesses(editor_client, django_capture_on_commit_callbacks):
    source = SourceFactory(body=ARTICLE, status=Source.Status.FAILED, error="worker lost")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            LIST, {"action": "process_again", "_selected_action": [source.pk]}, follow=True
        )
    assert "1 source(s) queued" in response.content.decode()
    source.refresh_from_db()
    assert source.status == Source.Status.DONE and source.error == ""
    assert source.claims.exists()


def test_deleting_a_source_reshapes_the_claim_sets_its_claims_were_in(editor_client):
    from claims.linking.services import claim_link_create
    from claims.models import ClaimSet

    gone, kept_a, kept_b = SourceFactory(), SourceFactory(), SourceFactory()
    hub = ClaimFactory(source=gone)  # holds a and c together
    a, c = ClaimFactory(source=kept_a), ClaimFactory(source=kept_b)
    # A set within the deleted source alone.
    x, y = ClaimFactory(source=gone, start=0, end=6), ClaimFactory(source=gone, start=7, end=12)
    for one, other, relation in [(a, hub, "conflict"), (hub, c, "agree"), (x, y, "conflict")]:
        claim_link_create(claim_a=one, claim_b=other, relation=relation, status="confirmed")
    hub.refresh_from_db()
    x.refresh_from_db()
    shared, inner = hub.claim_set_id, x.claim_set_id
    assert shared and inner

    response = editor_client.post(
        reverse("admin:sources_source_delete", args=[gone.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    c.refresh_from_db()
    # a and c were joined only through the deleted claim: they stand alone now.
    assert (a.claim_set_id, a.side, c.claim_set_id, c.side) == (None, None, None, None)
    assert not ClaimSet.objects.filter(pk__in=[shared, inner]).exists()
    # Both sets are gone for API clients too.
    deleted = set(ClaimSet.history.filter(history_type="-").values_list("id", flat=True))
    assert {shared, inner} <= deleted


def test_deleting_a_source_keeps_a_set_that_stays_connected(editor_client):
    from claims.linking.services import claim_link_create

    gone, other = SourceFactory(), SourceFactory()
    a, b = ClaimFactory(source=other), ClaimFactory(source=other, start=0, end=6)
    d = ClaimFactory(source=gone)
    claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed")
    claim_link_create(claim_a=b, claim_b=d, relation="agree", status="confirmed")
    a.refresh_from_db()
    set_id = a.claim_set_id

    editor_client.post(reverse("admin:sources_source_changelist"), {
        "action": "delete_selected", "_selected_action": [gone.pk], "post": "yes",
    })  # fmt: skip
    assert not Source.objects.filter(pk=gone.pk).exists()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.claim_set_id == b.claim_set_id == set_id
    assert {a.side, b.side} == {0, 1}
    assert a.claim_set.claims.count() == 2


def test_a_title_hiding_bidi_controls_shows_them_in_the_admin_and_keeps_them_in_the_api(
    editor_client, editor_api
):
    source = SourceFactory(title="Report\u202efdp.exe")
    content = editor_client.get(LIST).content.decode()
    assert "Report⟨U+202E⟩fdp.exe" in content
    assert "\u202e" not in content
    claim = ClaimFactory(source=source)
    page = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert "<bdi>Report⟨U+202E⟩fdp.exe</bdi>" in page.content.decode()
    assert editor_api.get(f"/api/sources/{source.pk}/").json()["title"] == "Report\u202efdp.exe"


# --- The body: selecting text, marking page furniture ----------------------------------

FURNITURE_BODY = (
    "Steppe Review\n\nSubscribe to our newsletter 📬 for daily news.\n\nRussia sent troops."
)


def test_the_body_is_shown_with_its_text_exactly_and_the_selection_bar_for_editors(
    editor_client, researcher_client
):
    source = SourceFactory(body="Title\n\nA <b>bold</b> claim & more 🙂.")
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = editor_client.get(url).content.decode()
    assert (
        'data-body-offset="0">Title\n\nA &lt;b&gt;bold&lt;/b&gt; claim &amp; more 🙂.</div>' in page
    )
    assert 'id="selection-toolbar"' in page and "body_selection.js" in page
    assert 'id="selection-toolbar"' not in researcher_client.get(url).content.decode()


def test_marking_a_line_as_furniture_removes_its_proposals_only(editor_client, editor_user):
    source = SourceFactory(body=FURNITURE_BODY)
    line = "Subscribe to our newsletter 📬 for daily news."
    start = FURNITURE_BODY.index(line)
    proposal = ClaimFactory(source=source, start=start, end=start + len(line), text=line)
    accepted = ClaimFactory(
        source=source, start=start, end=start + 9, text="Subscribe", status="accepted"
    )
    url = reverse("admin:sources_source_furniture", args=[source.pk])
    response = editor_client.post(url, {"start": start + 10, "end": start + 12, "text": "to"})
    assert response.status_code == 302
    page = html.unescape(editor_client.get(response["Location"]).content.decode())
    assert f"Marked “{line}” as page furniture: 1 proposal(s) on it removed" in page
    assert f"<li>{line}</li>" in page
    source.refresh_from_db()
    assert source.furniture == [line]
    assert not source.claims.filter(pk=proposal.pk).exists()
    assert source.claims.filter(pk=accepted.pk).exists()


def test_furniture_is_for_editors_and_one_line_at_a_time(editor_client, researcher_client):
    source = SourceFactory(body=FURNITURE_BODY)
    url = reverse("admin:sources_source_furniture", args=[source.pk])
    assert researcher_client.post(url, {"start": 0, "end": 5}).status_code == 403
    response = editor_client.post(url, {"start": 0, "end": 30})
    page = html.unescape(editor_client.get(response["Location"]).content.decode())
    assert "The selection runs over more than one line" in page
    source.refresh_from_db()
    assert source.furniture == []


# Real pages (see the dataset's README), read where they are kept, never copied here.
DATASETS = Path(
    os.environ.get("TRACKER_DATASETS", Path(settings.BASE_DIR).parent / "shared" / "datasets")
)
PAGES = DATASETS / "article-extraction" / "html"


class _TextOf(HTMLParser):
    """The text nodes of an HTML fragment, character references decoded, as a browser has them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def test_real_pages_bodies_are_shown_with_text_nodes_that_are_the_body_exactly():
    """What the page's script reads offsets from: a selection maps to the body only if the
    shown text is the body, character for character, whatever the page held."""
    if not PAGES.is_dir():
        pytest.skip(f"the real pages are not at {PAGES} (set TRACKER_DATASETS)")
    checked = 0
    for path in sorted(PAGES.glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        try:
            body = clean(page, input_format="html").body
        except ValidationError:  # a page with no article text: nothing to show
            continue
        # A browser's parser turns a carriage return into a line feed and drops NUL:
        # either in a body would shift every offset after it.
        assert "\r" not in body and "\x00" not in body, path.name
        sentences = [Span(a, b, "claim", href="/x/") for a, b in sentence_spans(body)][::2]
        parser = _TextOf()
        parser.feed(str(highlight_spans(body, sentences)))
        parser.close()
        assert "".join(parser.parts) == body, path.name
        checked += 1
    assert checked >= 100

"""The sources admin: unknown metadata shown and filtered, edited by hand; propose anyway."""

import html

import pytest
from django.urls import reverse

from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:sources_source_changelist")
WITHHELD_NOTE = "The text is mostly a list of links or headlines (7 of 9 lines), not an article."


def change_url(source: Source) -> str:
    return reverse("admin:sources_source_change", args=[source.pk])


def propose_url(source: Source) -> str:
    return reverse("admin:sources_source_propose_anyway", args=[source.pk])


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def sources():
    complete = SourceFactory(
        title="Khorgos opens", author="Li Wei", published_on="2022-12-13", publisher="Steppe Review"
    )
    no_author = SourceFactory(title="Astana turns east", published_on="2022-12-14")
    return complete, no_author


def test_the_list_marks_unknown_metadata(editor_client, sources):
    content = page(editor_client.get(LIST))
    assert (
        '<span class="metadata-unknown" title="Could not be read from the article">author, date'
        not in content
    )
    assert 'Could not be read from the article">author</span>' in content


@pytest.mark.parametrize(
    "query, titles",
    [
        ("metadata=missing", ["Astana turns east"]),
        ("metadata=complete", ["Khorgos opens"]),
        ("metadata=author", ["Astana turns east"]),
        ("metadata=title", []),
    ],
)
def test_the_metadata_missing_filter(editor_client, sources, query, titles):
    response = editor_client.get(f"{LIST}?{query}")
    shown = [source.title for source in response.context["cl"].result_list]
    assert shown == titles


def test_the_change_page_says_what_is_unknown(editor_client, sources):
    content = page(editor_client.get(change_url(sources[1])))
    assert "Unknown: author (not found in the article)" in content
    assert 'placeholder="unknown"' in content


def test_an_editor_corrects_metadata_in_the_admin_and_it_is_recorded(editor_client, sources):
    source = sources[1]
    response = editor_client.post(
        change_url(source),
        {
            "title": "Astana turns east",
            "url": "https://steppe-review.example/astana",
            "publisher": "Steppe Review",
            "author": "Dana Serikova",
            "published_on": "2022-12-14",
        },
    )
    assert response.status_code == 302, page(response)
    source.refresh_from_db()
    assert source.author == "Dana Serikova"
    assert source.metadata_edited == ["author", "url"]  # the publisher was already that
    content = page(editor_client.get(change_url(source)))
    assert "Set by an editor: author, url" in content


def test_a_url_another_source_has_is_an_error_beside_the_field(editor_client, sources):
    taken = SourceFactory(url="https://steppe-review.example/taken")
    response = editor_client.post(
        change_url(sources[1]),
        {"title": "Astana turns east", "url": taken.url, "published_on": "2022-12-14"},
    )
    assert response.status_code == 200
    assert f"This URL is already source #{taken.pk}" in page(response)
    sources[1].refresh_from_db()
    assert sources[1].url is None


def test_a_withheld_source_shows_the_note_and_a_propose_anyway_button(editor_client):
    source = SourceFactory(proposals_withheld=True, processing_note=WITHHELD_NOTE)
    content = page(editor_client.get(change_url(source)))
    assert 'class="withheld-warning" role="alert"' in content
    assert WITHHELD_NOTE in content
    assert f'action="{propose_url(source)}"' in content
    assert "Propose anyway</button>" in content


def test_propose_anyway_in_the_admin_processes_the_source_again(
    editor_client, django_capture_on_commit_callbacks
):
    source = SourceFactory(proposals_withheld=True, processing_note=WITHHELD_NOTE)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(propose_url(source), follow=True)
    assert "Claims are proposed for" in page(response)
    source.refresh_from_db()
    assert (source.propose_anyway, source.proposals_withheld) == (True, False)
    assert source.status == Source.Status.DONE
    assert source.claims.filter(status="proposed").exists()


def test_researchers_see_the_note_but_cannot_propose_anyway(researcher_client):
    source = SourceFactory(proposals_withheld=True, processing_note=WITHHELD_NOTE)
    content = page(researcher_client.get(change_url(source)))
    assert WITHHELD_NOTE in content
    assert "Propose anyway</button>" not in content
    assert researcher_client.post(propose_url(source)).status_code == 403
    source.refresh_from_db()
    assert source.propose_anyway is False


def test_the_propose_anyway_action_skips_sources_with_nothing_withheld(editor_client):
    withheld = SourceFactory(proposals_withheld=True, processing_note=WITHHELD_NOTE)
    fine = SourceFactory()
    response = editor_client.post(
        LIST,
        {"action": "propose_anyway", "_selected_action": [withheld.pk, fine.pk]},
        follow=True,
    )
    assert "1 source(s) queued to propose claims anyway; 1 had nothing withheld" in page(response)
    assert Source.objects.get(pk=withheld.pk).propose_anyway is True
    assert Source.objects.get(pk=fine.pk).propose_anyway is False

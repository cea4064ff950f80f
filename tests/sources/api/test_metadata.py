"""The sources API: unknown metadata and withheld proposals said plainly; editors correct
metadata (PATCH) and propose anyway (POST propose-anyway/); researchers cannot."""

import pytest

from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

WITHHELD_NOTE = "The text is mostly a list of links or headlines (7 of 9 lines), not an article."


def test_sources_say_which_metadata_is_unknown(editor_api):
    source = SourceFactory(title="Astana turns east", publisher="", published_on=None)
    listed = editor_api.get("/api/sources/").json()["results"][0]
    detail = editor_api.get(f"/api/sources/{source.pk}/").json()
    for body in (listed, detail):
        assert body["metadata_missing"] == ["author", "publisher", "published_on"]
        assert body["metadata_edited"] == []
        assert (body["author"], body["publisher"], body["published_on"]) == ("", "", None)


def test_the_schema_declares_the_new_fields_read_only(editor_api):
    schema = editor_api.get("/api/schema/", {"format": "json"}).json()
    source = schema["components"]["schemas"]["Source"]["properties"]
    for name in ("metadata_missing", "metadata_edited", "proposals_withheld", "propose_anyway"):
        assert source[name]["readOnly"] is True, name
    enum = source["metadata_missing"]["items"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][enum]["enum"] == [
        "title",
        "author",
        "publisher",
        "published_on",
    ]
    assert "/api/sources/{id}/propose-anyway/" in schema["paths"]
    assert "patch" in schema["paths"]["/api/sources/{id}/"]


def test_patch_sets_metadata_keeps_it_and_never_moves_the_body(editor_api):
    source = SourceFactory(title="Astana turns east", author="")
    claim = ClaimFactory(source=source)
    response = editor_api.patch(
        f"/api/sources/{source.pk}/",
        {"author": "Dana Serikova", "published_on": "2022-12-14"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["author"], body["published_on"]) == ("Dana Serikova", "2022-12-14")
    assert body["metadata_edited"] == ["author", "published_on"]
    assert "author" not in body["metadata_missing"]
    claim.refresh_from_db()
    assert body["body"][claim.start : claim.end] == claim.text


def test_patch_refuses_a_url_of_another_source_and_the_body(editor_api):
    taken = SourceFactory(url="https://steppe-review.example/taken")
    source = SourceFactory()
    response = editor_api.patch(f"/api/sources/{source.pk}/", {"url": taken.url}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "duplicate_url")
    assert response.json()["message"].startswith(f"url: This URL is already source #{taken.pk}")
    response = editor_api.patch(f"/api/sources/{source.pk}/", {"body": "x"}, format="json")
    assert response.status_code == 400
    assert "body: Not accepted here" in str(response.json())
    source.refresh_from_db()
    assert (source.url, source.metadata_edited) == (None, [])


def test_a_withheld_source_says_so_and_an_editor_proposes_anyway(
    editor_api, django_capture_on_commit_callbacks
):
    source = SourceFactory(proposals_withheld=True, processing_note=WITHHELD_NOTE)
    before = editor_api.get(f"/api/sources/{source.pk}/").json()
    assert (before["proposals_withheld"], before["processing_note"]) == (True, WITHHELD_NOTE)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.post(f"/api/sources/{source.pk}/propose-anyway/")
    assert response.status_code == 200, response.content
    assert response.json()["propose_anyway"] is True
    after = editor_api.get(f"/api/sources/{source.pk}/").json()
    assert (after["status"], after["proposals_withheld"]) == ("done", False)
    assert after["proposed_count"] >= 1


def test_propose_anyway_with_nothing_withheld_is_a_clear_409(editor_api):
    source = SourceFactory()
    response = editor_api.post(f"/api/sources/{source.pk}/propose-anyway/")
    assert response.status_code == 409
    assert response.json()["code"] == "not_withheld"
    assert "Nothing is withheld" in response.json()["message"]


def test_researchers_may_neither_edit_nor_propose_anyway(researcher_api):
    source = SourceFactory(proposals_withheld=True, processing_note=WITHHELD_NOTE)
    assert researcher_api.post(f"/api/sources/{source.pk}/propose-anyway/").status_code == 403
    response = researcher_api.patch(
        f"/api/sources/{source.pk}/", {"author": "Li Wei"}, format="json"
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert (source.propose_anyway, source.author) == (False, "")
    assert Source.objects.filter(metadata_edited=[]).count() == 1

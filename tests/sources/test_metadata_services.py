"""Editors correct a source's metadata; nothing they set is lost, and claims keep their offsets."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sources.models import Source
from sources.services import (
    source_create,
    source_metadata_edit,
    source_metadata_reread,
    source_requeue,
)

pytestmark = pytest.mark.django_db

# Pasted without a byline or date: author, publisher and date are unknown.
ARTICLE = (
    "Steppe Review\n"
    "Kazakhstan and China open a new border crossing\n"
    "Kazakhstan and China opened a new crossing at Khorgos on Saturday, officials in Astana "
    "said.\n\n"
    "Russia said the crossing would not change its rail trade with Kazakhstan.\n"
)


@pytest.fixture
def processed(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture
def source(processed) -> Source:
    created = processed(lambda: source_create(content=ARTICLE))
    created.refresh_from_db()
    assert created.claims.exists()
    return created


def assert_claims_point_into_the_body(source: Source) -> None:
    source.refresh_from_db()
    for claim in source.claims.all():
        assert source.body[claim.start : claim.end] == claim.text


def test_unread_metadata_is_unknown(source):
    assert source.title == "Kazakhstan and China open a new border crossing"
    assert source.metadata_missing == ["author", "publisher", "published_on"]


def test_an_edit_records_the_fields_and_leaves_body_and_claims_as_they_were(source):
    body = source.body
    source_metadata_edit(
        source=source,
        changes={
            "author": "Dana Serikova",
            "publisher": "Steppe Review",
            "published_on": "2022-12-13",
            "url": "https://steppe-review.example/khorgos",
        },
    )
    source.refresh_from_db()
    assert (source.author, source.publisher, source.published_on) == (
        "Dana Serikova",
        "Steppe Review",
        date(2022, 12, 13),
    )
    assert source.metadata_edited == ["author", "published_on", "publisher", "url"]
    assert source.metadata_missing == []
    assert source.body == body
    assert_claims_point_into_the_body(source)


def test_processing_and_reading_again_keep_what_the_editor_set(source, processed):
    source_metadata_edit(source=source, changes={"title": "Khorgos opens", "author": "Li Wei"})
    processed(lambda: source_requeue(source=source))
    source.refresh_from_db()
    assert source.status == Source.Status.DONE
    assert (source.title, source.author) == ("Khorgos opens", "Li Wei")
    assert_claims_point_into_the_body(source)

    source_metadata_reread(source=source)
    source.refresh_from_db()
    assert (source.title, source.author) == ("Khorgos opens", "Li Wei")
    assert_claims_point_into_the_body(source)


def test_reading_again_refreshes_what_no_editor_set(source):
    Source.objects.filter(pk=source.pk).update(title="Steppe Review")  # as an older cleaner read it
    source.refresh_from_db()
    assert source_metadata_reread(source=source) == ["title"]
    source.refresh_from_db()
    assert source.title == "Kazakhstan and China open a new border crossing"


def test_an_unchanged_value_is_not_recorded_as_edited(source):
    source_metadata_edit(source=source, changes={"title": source.title})
    source.refresh_from_db()
    assert source.metadata_edited == []


def test_a_url_already_used_by_another_source_is_refused_clearly(source, processed):
    other = processed(
        lambda: source_create(
            content="Kazakhstan turns east for gas\n\nKazakhstan signed a gas deal with China, Astana said.",
            url="https://steppe-review.example/astana",
        )
    )
    with pytest.raises(ValidationError) as error:
        source_metadata_edit(source=source, changes={"url": other.url, "author": "Li Wei"})
    assert error.value.message_dict["url"] == [
        f"This URL is already source #{other.pk} (Kazakhstan turns east for gas); "
        "two sources cannot share a URL."
    ]
    source.refresh_from_db()
    assert (source.url, source.author, source.metadata_edited) == (None, "", [])


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"body": "Something else"}, "__all__"),
        ({"published_on": "13/12/2022"}, "__all__"),
        ({"url": "not a web address"}, "url"),
        ({"title": "x" * 501}, "title"),
    ],
)
def test_bad_metadata_gets_a_clear_error_and_changes_nothing(source, changes, field):
    with pytest.raises(ValidationError) as error:
        source_metadata_edit(source=source, changes=changes)
    assert error.value.messages
    source.refresh_from_db()
    assert source.metadata_edited == []

"""claims/review/services.py: accepting, rejecting and editing claims."""

import pytest
from django.core.exceptions import ValidationError

from claims.linking.services import claim_link_create
from claims.models import Claim
from claims.review.services import (
    claim_create,
    claim_split,
    claim_trim,
    claim_update,
    claims_review,
)
from sources.services import source_create, source_furniture_mark, source_requeue
from tests.factories import ClaimFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(editor_user):
    return editor_user


def test_review_changes_only_claims_not_already_in_that_status(reviewer):
    proposed, accepted = ClaimFactory(), ClaimFactory(status=Claim.Status.ACCEPTED)
    changed = claims_review(claims=[proposed, accepted], status="accepted", user=reviewer)
    assert changed == 1
    proposed.refresh_from_db()
    assert (proposed.status, proposed.reviewed_by) == ("accepted", reviewer)
    assert proposed.reviewed_at is not None
    assert proposed.history.first().history_user == reviewer


def test_review_refuses_an_unknown_status_and_changes_nothing(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="Unknown claim status"):
        claims_review(claims=[claim], status="maybe", user=reviewer)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PROPOSED


def test_editing_the_structure_marks_the_claim_edited_and_reviewed(reviewer):
    claim = ClaimFactory()
    claim_update(claim=claim, user=reviewer, subject="Russia", is_negated=True)
    claim.refresh_from_db()
    assert (claim.subject, claim.is_negated, claim.is_edited) == ("Russia", True, True)
    assert claim.reviewed_by == reviewer


def test_trimming_the_span_takes_the_text_from_the_body(reviewer):
    claim = ClaimFactory()
    body = claim.source.body
    end = body.index(" in January")
    claim_update(claim=claim, user=reviewer, end=end)
    claim.refresh_from_db()
    assert claim.text == body[claim.start : end] == claim.text
    assert claim.text.endswith("Kazakhstan")


@pytest.mark.parametrize("span", [{"start": -1}, {"end": 10**6}, {"start": 30, "end": 20}])
def test_a_span_outside_the_article_is_refused(reviewer, span):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="not inside the article"):
        claim_update(claim=claim, user=reviewer, **span)
    claim.refresh_from_db()
    assert not claim.is_edited


def test_fields_editors_may_not_change_are_refused(reviewer):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="cannot be edited: score, text"):
        claim_update(claim=claim, user=reviewer, text="Something else.", score=1.0)


# --- Editors' fixes: claims added, trimmed and split; page furniture --------------------

# Written for these tests: accents, an emoji (two UTF-16 code units) and CJK before the spans.
NON_ASCII = (
    "Café society 🙂 in Almaty\n\n"
    "Ministers in Astana said 北京 would fund the new rail line by 2025. "
    "Critics in Bishkek doubted the figures.\n\n"
    "Share this article 📤"
)


def span_of(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def test_an_editor_adds_a_claim_from_a_selection_with_exact_offsets(reviewer):
    source = SourceFactory(body=NON_ASCII)
    start, end = span_of(
        source.body, "Ministers in Astana said 北京 would fund the new rail line by 2025."
    )
    claim = claim_create(source=source, start=start - 2, end=end + 1, user=reviewer)
    claim.refresh_from_db()
    assert (claim.start, claim.end) == (start, end)  # the surrounding whitespace trimmed
    assert source.body[claim.start : claim.end] == claim.text
    assert claim.text.startswith("Ministers") and claim.text.endswith("2025.")
    assert (claim.origin, claim.status, claim.reviewed_by) == ("editor", "accepted", reviewer)
    assert claim.history.first().history_user == reviewer


@pytest.mark.parametrize(
    "start,end,message",
    [
        (5, 5, "holds no text"),
        (0, 10_000, "not inside the article"),
        (-1, 4, "not inside the article"),
    ],
)
def test_adding_a_claim_refuses_spans_that_hold_no_text_of_the_article(start, end, message):
    source = SourceFactory(body=NON_ASCII)
    with pytest.raises(ValidationError, match=message):
        claim_create(source=source, start=start, end=end)
    assert not source.claims.exists()


def test_adding_a_claim_refuses_blank_text_and_the_span_of_another_claim(reviewer):
    source = SourceFactory(body=NON_ASCII)
    blank = source.body.index("\n\n")
    with pytest.raises(ValidationError, match="holds no text"):
        claim_create(source=source, start=blank, end=blank + 2)
    existing = ClaimFactory(source=source, start=0, end=12, text=source.body[:12])
    with pytest.raises(ValidationError, match=f"Claim {existing.pk} .*already has exactly"):
        claim_create(source=source, start=0, end=13, user=reviewer)  # 13: a trailing space
    assert source.claims.count() == 1


def test_an_added_claim_names_the_entities_the_pipeline_found_inside_it(reviewer):
    source = SourceFactory(body=NON_ASCII)
    first, last = span_of(source.body, "Critics in Bishkek doubted the figures.")
    wide = ClaimFactory(source=source, start=source.body.index("Ministers"), end=last)
    bishkek = span_of(source.body, "Bishkek")
    MentionFactory(claim=wide, start=bishkek[0], end=bishkek[1], text="Bishkek")
    MentionFactory(claim=wide, start=wide.start, end=wide.start + 9, text="Ministers")
    claim = claim_create(source=source, start=first, end=last, user=reviewer)
    assert list(claim.mentions.values_list("text", "start")) == [("Bishkek", bishkek[0])]
    assert wide.mentions.count() == 2  # the pipeline's claim keeps its own


def test_trimming_a_claim_moves_its_offsets_and_keeps_the_mentions_inside(reviewer):
    source = SourceFactory(body=NON_ASCII)
    whole = span_of(
        source.body,
        "Ministers in Astana said 北京 would fund the new rail line by 2025. "
        "Critics in Bishkek doubted the figures.",
    )
    claim = ClaimFactory(source=source, start=whole[0], end=whole[1])
    beijing = span_of(source.body, "北京")
    MentionFactory(claim=claim, start=beijing[0], end=beijing[1], text="北京")
    bishkek = span_of(source.body, "Bishkek")
    MentionFactory(claim=claim, start=bishkek[0], end=bishkek[1], text="Bishkek")
    new_end = source.body.index("2025.") + len("2025.")
    claim_trim(claim=claim, start=whole[0], end=new_end + 1, user=reviewer)
    claim.refresh_from_db()
    assert claim.text == "Ministers in Astana said 北京 would fund the new rail line by 2025."
    assert source.body[claim.start : claim.end] == claim.text and claim.end == new_end
    assert claim.is_edited and claim.reviewed_by == reviewer
    assert list(claim.mentions.values_list("text", flat=True)) == ["北京"]


def test_trimming_refuses_a_span_outside_the_body_and_changes_nothing(reviewer):
    claim = ClaimFactory(source=SourceFactory(body=NON_ASCII))
    before = (claim.start, claim.end, claim.text)
    with pytest.raises(ValidationError, match="not inside the article"):
        claim_trim(claim=claim, start=claim.start, end=len(NON_ASCII) + 1, user=reviewer)
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.text, claim.is_edited) == (*before, False)


def test_splitting_a_claim_gives_two_claims_and_leaves_links_on_the_first(reviewer):
    source = SourceFactory(body=NON_ASCII)
    whole = span_of(
        source.body,
        "Ministers in Astana said 北京 would fund the new rail line by 2025. "
        "Critics in Bishkek doubted the figures.",
    )
    claim = ClaimFactory(source=source, start=whole[0], end=whole[1], subject="Ministers")
    bishkek = span_of(source.body, "Bishkek")
    MentionFactory(claim=claim, start=bishkek[0], end=bishkek[1], text="Bishkek")
    other = ClaimFactory()
    link = claim_link_create(claim_a=claim, claim_b=other, relation="conflict")
    at = source.body.index("Critics") - 1  # on the space between the sentences
    first, second = claim_split(claim=claim, at=at, user=reviewer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pk == claim.pk
    assert first.text == "Ministers in Astana said 北京 would fund the new rail line by 2025."
    assert second.text == "Critics in Bishkek doubted the figures."
    for part in (first, second):
        assert source.body[part.start : part.end] == part.text
        assert part.is_edited and part.reviewed_by == reviewer
    assert (first.subject, second.subject) == ("Ministers", "")
    assert list(second.mentions.values_list("text", flat=True)) == ["Bishkek"]
    assert not first.mentions.exists()
    link.refresh_from_db()
    assert {link.claim_a_id, link.claim_b_id} == {first.pk, other.pk}


@pytest.mark.parametrize("where", ["at the start", "on the line break at the end"])
def test_splitting_refuses_a_part_without_text(reviewer, where):
    # The factory's claim runs to the end of the body: its last characters are " \n".
    claim = ClaimFactory(source=SourceFactory(body="Title\n\nRussia sent troops. \n"))
    at = claim.start if where == "at the start" else claim.end - 1
    with pytest.raises(ValidationError):
        claim_split(claim=claim, at=at, user=reviewer)
    assert Claim.objects.count() == 1


ARTICLE = (
    "Rail links across the steppe\n\n"
    "Kazakhstan opened a new rail line to China in March 2023, the transport ministry said.\n\n"
    "Russia sent troops to Kazakhstan in January 2022 at the request of President Tokayev.\n\n"
    "Uzbekistan signed a gas deal with Russia in 2023, officials in Tashkent said."
)


@pytest.fixture
def processed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        source = source_create(content=ARTICLE)
    source.refresh_from_db()
    assert source.status == "done" and source.claims.count() >= 3
    return source


def reprocess(source, capture):
    with capture(execute=True):
        source_requeue(source=source)
    source.refresh_from_db()
    assert source.status == "done"


def test_reprocessing_keeps_the_claims_editors_added_trimmed_and_split(
    processed, reviewer, django_capture_on_commit_callbacks
):
    body = processed.body
    added = claim_create(
        source=processed,
        start=body.index("the transport ministry"),
        end=body.index("said.") + len("said."),
        user=reviewer,
    )
    troops = processed.claims.get(text__startswith="Russia sent troops")
    claim_trim(claim=troops, start=troops.start, end=body.index(" at the request"), user=reviewer)
    gas = processed.claims.get(text__startswith="Uzbekistan")
    first, second = claim_split(claim=gas, at=body.index(", officials") + 1, user=reviewer)
    # An editor's own claim, later set back to proposed, is still the editor's.
    claims_review(claims=[added], status="proposed", user=reviewer)
    expected = {
        (c.pk, c.start, c.end, c.text, c.status)
        for c in Claim.objects.filter(pk__in=[added.pk, troops.pk, first.pk, second.pk])
    }
    reprocess(processed, django_capture_on_commit_callbacks)
    after = {
        (c.pk, c.start, c.end, c.text, c.status)
        for c in Claim.objects.filter(pk__in=[added.pk, troops.pk, first.pk, second.pk])
    }
    assert after == expected
    assert "Russia sent troops to Kazakhstan in January 2022" in {c[3] for c in after}
    assert all(body[c.start : c.end] == c.text for c in processed.claims.all())


def test_page_furniture_loses_its_proposals_and_is_never_proposed_again(
    processed, reviewer, django_capture_on_commit_callbacks
):
    body = processed.body
    rail = processed.claims.get(text__startswith="Kazakhstan opened")
    troops = processed.claims.get(text__startswith="Russia sent troops")
    claims_review(claims=[troops], status="accepted", user=reviewer)

    marked = source_furniture_mark(
        source=processed, start=rail.start + 3, end=rail.start + 8, user=reviewer
    )
    assert (marked.line, marked.removed) == (rail.text, 1)
    assert not Claim.objects.filter(pk=rail.pk).exists()
    # An accepted claim on a line marked as furniture stays.
    marked = source_furniture_mark(
        source=processed, start=troops.start, end=troops.end, user=reviewer
    )
    assert marked.removed == 0 and Claim.objects.filter(pk=troops.pk).exists()
    processed.refresh_from_db()
    assert processed.furniture == [rail.text, troops.text]
    assert processed.history.first().history_user == reviewer

    reprocess(processed, django_capture_on_commit_callbacks)
    texts = set(processed.claims.values_list("text", flat=True))
    assert rail.text not in texts
    assert troops.text in texts
    assert any(t.startswith("Uzbekistan") for t in texts)  # the other lines are still read
    assert body.count("\n\n") == 3


def test_marking_furniture_refuses_a_selection_over_two_lines(processed):
    body = processed.body
    with pytest.raises(ValidationError, match="more than one line"):
        source_furniture_mark(
            source=processed, start=body.index("2023, the"), end=body.index("President")
        )
    processed.refresh_from_db()
    assert processed.furniture == []

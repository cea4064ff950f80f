"""claims/review/services.py: accepting, rejecting and editing claims."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim
from claims.review.services import claim_update, claims_review
from tests.factories import ClaimFactory

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

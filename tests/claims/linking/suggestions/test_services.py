"""Suggestions stored as links: idempotent, and never over what an editor did."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import override_settings

from claims.linking.services import claim_link_create, claim_link_update
from claims.linking.suggestions import services
from claims.linking.suggestions.services import (
    reasons_dates,
    reasons_rationale,
    suggestions_make,
)
from claims.models import Claim, ClaimLink
from claims.nlp.extract import CandidateClaim
from claims.processing.store import claims_replace_proposed
from tests.factories import EntityFactory

from .conftest import claims_in_source

pytestmark = pytest.mark.django_db

AUTOMATIC, EDITOR = ClaimLink.Origin.AUTOMATIC, ClaimLink.Origin.EDITOR
SUGGESTED, CONFIRMED, REJECTED = (
    ClaimLink.Status.SUGGESTED,
    ClaimLink.Status.CONFIRMED,
    ClaimLink.Status.REJECTED,
)


@dataclass
class FixedScorer:
    """Says the same of every pair, so these tests do not depend on the trained model."""

    relation: str | None = "conflict"
    score: float = 0.9
    version: str = "fixed-1"

    def predict(self, rows):
        return [(self.relation, self.score) for _ in rows]


SENTENCES = [
    "The Kambarata dam will be finished by 2028.",
    "Work on the Kambarata dam stopped for lack of money.",
    "Kambarata will sell power to Uzbekistan.",
    "Engineers doubt Kambarata can be finished this decade.",
]


@pytest.fixture
def dam_claims():
    """Four claims, each in its own source, all naming the same (rare) dam."""
    dam = EntityFactory(name="Kambarata")
    return [claims_in_source(s, entities={s: [dam]})[0] for s in SENTENCES]


def links():
    return {
        (link.claim_a_id, link.claim_b_id): link
        for link in ClaimLink.objects.order_by("claim_a_id", "claim_b_id")
    }


def test_suggestions_are_stored_as_automatic_open_links_with_the_model_version(dam_claims):
    first = dam_claims[0]
    result = suggestions_make(claim_ids=[first.pk], scorer=FixedScorer())
    stored = links()
    assert result.created == 3 == len(stored)
    assert set(stored) == {(first.pk, other.pk) for other in dam_claims[1:]}
    for link in stored.values():
        assert (link.origin, link.status, link.relation) == (AUTOMATIC, SUGGESTED, "conflict")
        assert link.score == 0.9 and link.model_version == "fixed-1"


def test_running_again_never_duplicates(dam_claims):
    ids = [c.pk for c in dam_claims]
    suggestions_make(claim_ids=ids, scorer=FixedScorer())
    before = {pair: link.pk for pair, link in links().items()}
    again = suggestions_make(claim_ids=ids, scorer=FixedScorer())
    assert {pair: link.pk for pair, link in links().items()} == before
    assert len(before) == 6  # every pair of the four, once
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


@override_settings(LINK_SUGGESTIONS_PER_CLAIM=2, LINK_SUGGESTION_THRESHOLD=0.5)
def test_at_most_the_set_number_per_claim_and_none_below_the_threshold(dam_claims):
    first = dam_claims[0]
    suggestions_make(claim_ids=[first.pk], scorer=FixedScorer(score=0.4))
    assert not links()
    suggestions_make(claim_ids=[first.pk], scorer=FixedScorer(score=0.6))
    assert len(links()) == 2
    suggestions_make(claim_ids=[first.pk], scorer=FixedScorer(relation=None))
    assert not links()


def test_editors_links_are_never_overwritten(dam_claims, editor_user):
    first, confirmed_end, rejected_end, edited_end = dam_claims
    confirmed = claim_link_create(
        claim_a=first, claim_b=confirmed_end, relation="agree", status=CONFIRMED,
        created_by=editor_user, note="Both cite the ministry.",
    )  # fmt: skip
    rejected = ClaimLink.objects.create(
        claim_a=first, claim_b=rejected_end, relation="conflict", status=REJECTED,
        origin=AUTOMATIC, score=0.7, model_version="old",
    )  # fmt: skip
    edited = ClaimLink.objects.create(
        claim_a=first, claim_b=edited_end, relation="conflict", origin=AUTOMATIC,
        score=0.7, model_version="old",
    )  # fmt: skip
    claim_link_update(link=edited, user=editor_user, relation="agree")
    before = {
        link.pk: (link.relation, link.status, link.score, link.note, link.model_version)
        for link in ClaimLink.objects.all()
    }

    result = suggestions_make(claim_ids=[c.pk for c in dam_claims], scorer=FixedScorer())

    after = {
        link.pk: (link.relation, link.status, link.score, link.note, link.model_version)
        for link in ClaimLink.objects.filter(pk__in=before)
    }
    assert after == before
    assert result.kept == 3
    assert ClaimLink.objects.filter(pk=confirmed.pk, status=CONFIRMED).exists()
    assert ClaimLink.objects.get(pk=rejected.pk).status == REJECTED
    # The other pairs (between the three other claims) are suggested as usual.
    assert ClaimLink.objects.exclude(pk__in=before).count() == 3


def test_only_the_machines_open_suggestions_are_replaced(dam_claims):
    first, second, third, fourth = dam_claims
    (unrelated,) = claims_in_source("The capital's new opera house opened in May.")
    gone = ClaimLink.objects.create(
        claim_a=first, claim_b=unrelated, relation="agree", origin=AUTOMATIC, score=0.8,
        model_version="fixed-1",
    )  # fmt: skip
    by_editor = ClaimLink.objects.create(
        claim_a=second, claim_b=unrelated, relation="conflict", origin=EDITOR
    )
    suggestions_make(claim_ids=[first.pk, second.pk], scorer=FixedScorer())
    assert not ClaimLink.objects.filter(pk=gone.pk).exists()  # no longer suggested
    assert ClaimLink.objects.filter(pk=by_editor.pk).exists()  # an editor's own link stays
    kept = ClaimLink.objects.get(claim_a=first, claim_b=second)

    result = suggestions_make(
        claim_ids=[first.pk], scorer=FixedScorer(relation="agree", score=0.8, version="fixed-2")
    )

    kept.refresh_from_db()
    assert (kept.relation, kept.score, kept.model_version) == ("agree", 0.8, "fixed-2")
    assert result.updated == 3 and result.created == 0


def test_a_rejected_claim_gets_no_suggestions_and_loses_the_machines(dam_claims):
    first, second, *_ = dam_claims
    suggestions_make(claim_ids=[first.pk], scorer=FixedScorer())
    Claim.objects.filter(pk=second.pk).update(status=Claim.Status.REJECTED)
    suggestions_make(claim_ids=[first.pk], scorer=FixedScorer())
    assert not ClaimLink.objects.filter(claim_b=second).exists()
    assert suggestions_make(claim_ids=[second.pk], scorer=FixedScorer()).claims == 0


def test_reasons_read_as_a_sentence_and_a_change_over_time_gives_the_dates():
    reasons = [
        {"type": "opposite_predicates", "detail": "“reclaim” / “lose”"},
        {
            "type": "change_over_time",
            "detail": "troops: 2,000 then 7,000",
            "date_a": "2021-05-01",
            "date_b": "2023-02-10",
        },
    ]
    text = reasons_rationale(reasons)
    assert "“reclaim” / “lose”" in text and "troops: 2,000 then 7,000" in text
    assert reasons_dates(reasons) == (date(2021, 5, 1), date(2023, 2, 10))
    assert reasons_dates(reasons[:1]) == (None, None)
    assert reasons_rationale([]) == ""


def test_a_change_over_time_is_stored_with_both_dates(dam_claims, monkeypatch):
    def dated(a, b):
        return [{"type": "change_over_time", "detail": "d", "date_a": "2021-01-01",
                 "date_b": "2022-01-01"}]  # fmt: skip

    monkeypatch.setattr(services, "pair_reasons", dated)
    suggestions_make(claim_ids=[dam_claims[0].pk], scorer=FixedScorer())
    link = ClaimLink.objects.first()
    assert (link.date_a, link.date_b) == (date(2021, 1, 1), date(2022, 1, 1))
    assert link.reasons[0]["type"] == "change_over_time"


def test_reprocessing_may_change_a_claim_the_machine_suggested_for_but_not_an_editors(
    editor_user,
):
    sentences = [
        "Astana hosted the summit.",
        "Tashkent cut gas prices.",
        "Bishkek raised fuel taxes.",
    ]
    machine_only, by_editor, other = claims_in_source(*sentences)
    ClaimLink.objects.create(
        claim_a=machine_only, claim_b=other, relation="agree", origin=AUTOMATIC, score=0.8
    )
    touched = ClaimLink.objects.create(
        claim_a=by_editor, claim_b=other, relation="agree", origin=AUTOMATIC, score=0.8
    )
    claim_link_update(link=touched, user=editor_user, note="Not the same tax.")

    result = claims_replace_proposed(
        source=machine_only.source,
        candidates=[
            CandidateClaim(text=c.text, start=c.start, end=c.end, score=0.2, reasons=())
            for c in (machine_only, by_editor)
        ],
        pipeline_version="test",
    )

    assert Claim.objects.get(pk=machine_only.pk).score == 0.2  # re-read
    assert Claim.objects.get(pk=by_editor.pk).score != 0.2  # the editor's link keeps it
    assert result.kept >= 1


@dataclass
class RecordingScorer(FixedScorer):
    """A FixedScorer that keeps the feature rows it was given."""

    def __post_init__(self):
        self.rows = []

    def predict(self, rows):
        self.rows.extend(rows)
        return super().predict(rows)


def test_a_suggestion_no_rule_gives_a_reason_for_is_close_in_meaning(dam_claims, monkeypatch):
    monkeypatch.setattr(services, "pair_reasons", lambda a, b: [])
    scorer = RecordingScorer()
    suggestions_make(claim_ids=[dam_claims[0].pk], scorer=scorer)

    stored = list(links().values())
    assert len(stored) == 3
    for link in stored:
        [reason] = link.reasons
        assert reason["type"] == "close_meaning"
        assert "both name Kambarata" in reason["detail"]
        assert link.rationale.startswith("Close in meaning: ")
    # Added after scoring: the classifier read no reason at all.
    assert scorer.rows and all(row["reason_count"] == 0 for row in scorer.rows)
    assert not any("reason_close_meaning" in row for row in scorer.rows)


def test_a_rule_reason_needs_no_close_meaning(dam_claims, monkeypatch):
    opposed = [{"type": "opposite_predicates", "detail": "“finish” against “stop”"}]
    monkeypatch.setattr(services, "pair_reasons", lambda a, b: opposed)
    suggestions_make(claim_ids=[dam_claims[0].pk], scorer=FixedScorer())
    assert {tuple(r["type"] for r in link.reasons) for link in links().values()} == {
        ("opposite_predicates",)
    }


def test_suggesting_again_gives_a_reason_to_suggestions_stored_without_one(dam_claims, monkeypatch):
    monkeypatch.setattr(services, "pair_reasons", lambda a, b: [])
    ids = [c.pk for c in dam_claims]
    suggestions_make(claim_ids=ids, scorer=FixedScorer())
    # As the machine stored them before every suggestion carried a reason.
    ClaimLink.objects.update(reasons=[], rationale="")

    result = suggestions_make(claim_ids=ids, scorer=FixedScorer())

    assert result.updated == 6
    assert all([r["type"] for r in link.reasons] == ["close_meaning"] for link in links().values())

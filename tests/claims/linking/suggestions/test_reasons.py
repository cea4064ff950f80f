"""Typed reasons on sentences written for these tests, read by the real spaCy pipeline."""

import json
from datetime import date

import pytest

from claims.linking.suggestions.reasons import (
    AGREEING,
    CONFLICTING,
    ClaimProfile,
    MentionRow,
    close_meaning_reason,
    pair_reasons,
    reasons_text,
)
from claims.linking.suggestions.training import with_context
from claims.models import Claim
from claims.processing.pipeline import processing_run
from sources.services import source_create

pytestmark = pytest.mark.django_db


def claim_of(sentence: str, *, published: str = "2024-03-01") -> Claim:
    """Process a small article whose body holds ``sentence``; return that sentence's claim."""
    article = (
        f"Steppe Notes\nBy A Writer, Test Wire\n{published}\n\n"
        f"{sentence}\n\nThe report was published in Almaty by the Central Asia Desk."
    )
    source = source_create(content=article.encode(), filename=f"{abs(hash(sentence))}.txt")
    processing_run(source_id=source.pk)
    return with_context(Claim.objects.filter(source=source, text__contains=sentence[:30])).get()


def types(a: Claim, b: Claim) -> set[str]:
    return {r["type"] for r in pair_reasons(a, b)}


def test_same_proposition_in_other_words_is_typed_as_such():
    a = claim_of("Kazakhstan signed a grain transit agreement with Uzbekistan on Monday.")
    b = claim_of("On Monday Kazakhstan signed the grain transit agreement with Uzbekistan.")
    assert "same_proposition" in types(a, b)


def test_a_denial_of_the_same_statement_is_a_negation_flip():
    a = claim_of("Kazakhstan will recognise the new border treaty with Kyrgyzstan.")
    b = claim_of("Kazakhstan will not recognise the new border treaty with Kyrgyzstan.")
    found = types(a, b)
    assert "negation_flip" in found
    assert "same_proposition" not in found


def test_opposite_verbs_from_the_lexicon_are_opposite_predicates():
    a = claim_of("Russia regained control of the airfield at Kant in Kyrgyzstan.")
    b = claim_of("Russia lost control of the airfield at Kant in Kyrgyzstan.")
    reasons = pair_reasons(a, b)
    assert "opposite_predicates" in {r["type"] for r in reasons}
    assert "Opposite verbs" in reasons_text(reasons)


def test_different_counts_of_the_same_thing_disagree_but_an_approximation_tolerates_a_little():
    a = claim_of("Officials in Astana said 3,000 troops took part in the Kazakhstan exercise.")
    b = claim_of("Officials in Astana said 1,200 troops took part in the Kazakhstan exercise.")
    c = claim_of(
        "Officials in Astana said about 2,900 troops took part in the Kazakhstan exercise."
    )
    assert "numeric_disagreement" in types(a, b)
    assert "numeric_disagreement" not in types(a, c)
    assert "same_quantity" in types(a, c)


def test_one_actor_instead_of_another_is_an_entity_swap():
    a = claim_of("Beijing, not Moscow, is now the largest creditor of Tajikistan.")
    b = claim_of("Moscow is the largest creditor of Tajikistan, according to the ministry.")
    assert "entity_swap" in types(a, b)


def test_a_figure_for_another_year_is_a_change_over_time_with_both_dates():
    a = claim_of("Kazakhstan exported 20 million tonnes of grain to Afghanistan in 2019.")
    b = claim_of("Kazakhstan exported 9 million tonnes of grain to Afghanistan in 2023.")
    reasons = pair_reasons(a, b)
    over_time = [r for r in reasons if r["type"] == "change_over_time"]
    assert len(over_time) == 1
    assert {over_time[0]["date_a"], over_time[0]["date_b"]} == {"2019-01-01", "2023-01-01"}
    # A change over time is not a contradiction: no numeric disagreement besides it.
    assert "numeric_disagreement" not in {r["type"] for r in reasons}


def test_claims_read_for_scoring_give_the_same_reasons_as_the_claims_themselves():
    """Scoring reads the candidates' columns and mentions in two queries, not whole claims;
    what it derives must be what the claims give."""
    from claims.linking.suggestions.features import pair_features
    from claims.linking.suggestions.reasons import profile_of
    from claims.linking.suggestions.services import _profiles_read

    claims = [
        claim_of("Russia regained control of the airfield at Kant in Kyrgyzstan."),
        claim_of(
            "Russia lost control of the airfield at Kant in Kyrgyzstan.", published="2023-01-05"
        ),
        claim_of("Beijing, not Moscow, is now the largest creditor of Tajikistan."),
        claim_of("Moscow is the largest creditor of Tajikistan, according to the ministry."),
        claim_of("Kazakhstan exported about 20 million tonnes of grain to Afghanistan in 2019."),
        claim_of("Kazakhstan did not export 9 million tonnes of grain to Afghanistan in 2023."),
    ]
    read = _profiles_read([c.pk for c in claims])
    assert read == {c.pk: profile_of(c) for c in claims}

    class Found:  # a candidate record as candidates_for gives it
        cosine, same_source, shared_entities = 0.8, False, [(1, 3)]

    found = set()
    for a in claims:
        for b in claims:
            if a.pk < b.pk:
                reasons = pair_reasons(a, b)
                found |= {r["type"] for r in reasons}
                assert pair_reasons(read[a.pk], read[b.pk]) == reasons
                assert pair_features(read[a.pk], read[b.pk], Found, reasons) == pair_features(
                    a, b, Found, reasons
                )
    assert {"opposite_predicates", "entity_swap", "change_over_time"} <= found


def test_two_claims_setting_aside_the_same_actor_agree_rather_than_swap():
    a = claim_of("Beijing, not Moscow, is now the region's main economic partner.")
    b = claim_of(
        "The new rail line opened this spring, which would make Beijing, not Moscow, "
        "Kazakhstan's largest trading partner."
    )
    c = claim_of("Trade now turns to Beijing rather than Moscow, the ministry in Astana said.")
    assert "entity_swap" not in types(a, b)
    assert "entity_swap" not in types(a, c)


def test_an_actor_put_for_the_one_the_other_claim_keeps_is_still_a_swap():
    a = claim_of("Beijing, not Moscow, is now the region's main economic partner.")
    b = claim_of("The region's main economic partner is now Moscow, not Beijing.")
    c = claim_of("Moscow, not China, is now the region's main economic partner.")
    swap = [r for r in pair_reasons(a, b) if r["type"] == "entity_swap"]
    assert swap == [
        {"type": "entity_swap", "detail": "“Beijing, not Moscow” against a claim naming Moscow"}
    ]
    assert "entity_swap" in types(a, c)


def profile(pk, text, subject, predicate, mentions):
    """A claim's profile without the pipeline: ``mentions`` as (text, entity id, name)."""
    return ClaimProfile.build(
        pk=pk, text=text, subject=subject, predicate=predicate, is_negated=False,
        is_hedged=False, speaker="", quantities=[], dates=[], published=date(2024, 3, 1),
        mentions=[MentionRow(*m) for m in mentions],
    )  # fmt: skip


@pytest.mark.parametrize("predicate", ["be", "have", "do", "finance", "buy", "carry"])
def test_different_actors_of_one_verb_are_named_in_a_sentence_that_reads(predicate):
    kyrgyzstan = ("Kyrgyzstan", 3, "Kyrgyzstan")
    a = profile(
        1, f"China and Moscow {predicate} the main investors in Kyrgyzstan.",
        "China and Moscow", predicate, [("China", 1, "China"), ("Moscow", 2, "Moscow"), kyrgyzstan],
    )  # fmt: skip
    b = profile(
        2, f"Russia & China {predicate} the main investors in Kyrgyzstan.",
        "Russia & China", predicate, [("Russia & China", 4, "Russia & China"), kyrgyzstan],
    )  # fmt: skip
    [swap] = [r["detail"] for r in pair_reasons(a, b) if r["type"] == "entity_swap"]
    assert swap == f"China and Moscow against Russia & China as the subject of “{predicate}”"


def test_a_pair_no_rule_reads_is_close_in_meaning_by_what_the_search_found():
    kazakhstan, tokayev = ("Kazakhstan", 1, "Kazakhstan"), ("Tokayev", 2, "Kassym-Jomart Tokayev")
    a = profile(
        1, "Tokayev told Kazakhstan's parliament that the grain corridor opens in May.",
        "Tokayev", "tell", [tokayev, kazakhstan],
    )  # fmt: skip
    b = profile(
        2, "Kazakhstan will route wheat south, Tokayev said after the cabinet met.",
        "Kazakhstan", "route", [kazakhstan, tokayev],
    )  # fmt: skip

    class Found:  # as candidates_for gives it: shared entities rarest first
        cosine, same_source, shared_entities = 0.8234, True, [(2, 4), (1, 90)]

    assert pair_reasons(a, b) == []
    assert close_meaning_reason(a, b, Found) == {
        "type": "close_meaning",
        "detail": (
            "cosine 0.82; both name Kassym-Jomart Tokayev and Kazakhstan; "
            "29% of words shared; same source"
        ),
    }
    assert reasons_text([close_meaning_reason(a, b, Found)]).startswith("Close in meaning: ")


def test_close_meaning_is_no_feature_and_the_shipped_model_reads_the_same_features():
    from claims.linking.suggestions.features import FEATURES
    from claims.linking.suggestions.model import SHIPPED

    assert json.loads(SHIPPED.read_text())["features"] == FEATURES
    assert "reason_close_meaning" not in FEATURES
    assert "close_meaning" not in AGREEING | CONFLICTING

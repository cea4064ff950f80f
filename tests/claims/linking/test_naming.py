"""The machine's title for a claim set nobody has named: a question from the claims."""

from types import SimpleNamespace

from claims.linking.naming import (
    SetTitle,
    are_opposed,
    claim_set_heading,
    claim_set_proposed_title,
)

_ids = iter(range(1, 10_000))


class Mentions(list):
    def all(self):
        return self


def claim(text, side, subject="", predicate="", obj="", negated=False, entities=(), **extra):
    mentions = Mentions(
        SimpleNamespace(entity_id=pk, entity=SimpleNamespace(name=name), text=name)
        for pk, name in entities
    )
    return SimpleNamespace(
        pk=next(_ids), text=text, side=side, subject=subject, predicate=predicate, object=obj,
        is_negated=negated, status=extra.get("status", "accepted"), score=extra.get("score", 0.5),
        mentions=mentions,
    )  # fmt: skip


RUSSIA, ASIA, CHINA = (1, "Russia"), (2, "Central Asia"), (3, "China")


def test_shared_subject_and_the_predicates_that_differ_make_the_question():
    claims = [
        claim("Russia is reclaiming Central Asia.", 0, "Russia", "reclaim", "Central Asia",
              entities=[RUSSIA, ASIA]),
        claim("Russia is losing Central Asia to China.", 1, "Russia", "lose",
              "Central Asia to China", entities=[RUSSIA, ASIA, CHINA]),
    ]  # fmt: skip
    assert claim_set_proposed_title(claims) == "Does Russia reclaim or lose Central Asia?"


def test_a_subject_named_differently_is_shared_through_its_entity():
    claims = [
        claim("Moscow keeps its base in Tajikistan.", 0, "Moscow", "keep", entities=[RUSSIA]),
        claim("Russia loses its base.", 1, "Russia", "lose", entities=[RUSSIA]),
    ]
    claims[0].mentions[0].text = "Moscow"
    assert claim_set_proposed_title(claims) == "Does Russia keep or lose?"


def test_the_same_predicate_negated_on_one_side_asks_yes_or_no():
    claims = [
        claim("Kazakhstan recognises the republics.", 0, "Kazakhstan", "recognise", "them"),
        claim("Kazakhstan does not recognise them.", 1, "Kazakhstan", "recognise", "them",
              negated=True),
    ]  # fmt: skip
    assert claim_set_proposed_title(claims) == "Does Kazakhstan recognise or not?"


def test_predicates_that_merely_differ_give_the_leading_claim_not_a_question():
    claims = [
        claim("Russia will send more advisers to Dushanbe.", 0, "Russia", "send",
              entities=[RUSSIA], score=0.9),
        claim("Russia will end its training mission.", 1, "Russia", "end", entities=[RUSSIA]),
    ]  # fmt: skip
    assert claim_set_proposed_title(claims) == "Russia will send more advisers to Dushanbe."


def test_an_entity_on_both_sides_asks_only_about_opposite_predicates():
    sending = claim("Advisers were sent by Russia.", 0, "Advisers", "send", entities=[RUSSIA],
                    score=0.9)  # fmt: skip
    ending = claim("The mission was ended by Russia.", 1, "The mission", "end", entities=[RUSSIA])
    assert claim_set_proposed_title([sending, ending]) == "Advisers were sent by Russia."
    gaining = claim("Influence was gained by Russia.", 0, "Influence", "gain", entities=[RUSSIA])
    losing = claim("Ground was lost by Russia.", 1, "Ground", "lose", entities=[RUSSIA])
    assert claim_set_proposed_title([gaining, losing]) == "Russia: gain or lose?"


def test_opposition_comes_from_the_antonym_lexicon_in_any_case_and_order():
    assert are_opposed("reclaim", "lose") and are_opposed("Lose", "Reclaim")
    assert are_opposed("begin", "end")  # WordNet's pairs count as well as the news list
    assert not are_opposed("send", "end")
    assert not are_opposed("lose", "lose") and not are_opposed("", "lose")


def test_without_structure_the_title_is_a_claim_not_a_list_of_entities():
    claims = [
        claim("Beijing, not Moscow, is now the region's main partner.", 0, entities=[CHINA]),
        claim("Remittances from Russia rose in 2022.", 1, "Remittances", "rise",
              entities=[RUSSIA], score=0.9, status="proposed"),
    ]  # fmt: skip
    title = claim_set_proposed_title(claims)
    assert title == "Beijing, not Moscow, is now the region's main partner."  # accepted first
    assert "·" not in title


def test_an_editors_question_wins_and_is_not_marked_as_proposed():
    claims = [claim("Russia is reclaiming Central Asia.", 0, "Russia", "reclaim")]
    named = SimpleNamespace(pk=7, question="Is Russia losing Central Asia?", title="")
    unnamed = SimpleNamespace(pk=8, question="", title="")
    assert claim_set_heading(named, claims) == SetTitle("Is Russia losing Central Asia?", False)
    heading = claim_set_heading(unnamed, claims)
    assert heading.is_proposed and heading.text == "Russia is reclaiming Central Asia."

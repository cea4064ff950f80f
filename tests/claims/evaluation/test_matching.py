"""The matching rule between proposals on a cleaned body and gold spans in an article body."""

from pathlib import Path

from claims.evaluation.gold_pages import GoldEntity, GoldPage, GoldSpan
from claims.evaluation.matching import OffsetMap, best_mention, covers, same_claim
from claims.evaluation.page_scores import Proposal, ProposedMention, page_score

ARTICLE = (
    "The Lakeside Council approved a new tram line on Monday.\n\n"
    "Mayor Ana Ferreira said the line would open in 2027.\n\n"
    "Will the tram be ready in time?\n\n"
    "Photo: City archive"
)
# The same article after a cleaner: a headline and a menu line added, curly
# quotes and spacing changed.
BODY = (
    "Tram line approved\n\nHome | News | Sport\n\n"
    "The Lakeside Council approved a new tram line on Monday.\n\n"
    "Mayor Ana  Ferreira said the line would open in 2027.\n\n"
    "Will the tram be ready in time?\n\n"
    "Photo: City archive"
)


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_half_of_the_gold_span_must_be_covered():
    assert covers((0, 50), (0, 100))
    assert not covers((0, 49), (0, 100))
    assert not covers((100, 200), (0, 100))


def test_a_claim_is_found_only_by_a_proposal_mostly_about_it():
    gold = (100, 200)
    assert same_claim((90, 200), gold)  # a dateline kept in front
    assert same_claim((100, 160), gold)  # a trailing quote trimmed
    assert not same_claim((0, 400), gold)  # a whole paragraph proposed
    assert not same_claim((100, 140), gold)  # a fragment


def test_body_spans_are_carried_over_to_the_article_by_their_words():
    offsets = OffsetMap(BODY, ARTICLE)

    mayor = span_of(BODY, "Mayor Ana  Ferreira said the line would open in 2027.")
    start, end = offsets.span(*mayor)
    assert ARTICLE[start:end] == "Mayor Ana Ferreira said the line would open in 2027"
    assert offsets.span(*span_of(BODY, "Home | News | Sport")) is None


def test_a_headline_is_not_pulled_onto_scattered_words_of_the_article():
    offsets = OffsetMap("Tram line approved", ARTICLE)

    assert offsets.span(0, len("Tram line approved")) is None


def test_the_closest_mention_judges_a_gold_entity():
    mentions = [((0, 30), "long"), ((4, 12), "exact"), ((40, 50), "elsewhere")]

    assert best_mention((4, 12), mentions) == "exact"
    assert best_mention((60, 70), mentions) is None


def page() -> GoldPage:
    return GoldPage(
        key="k" * 64,
        site="example",
        url="",
        article=ARTICLE,
        html_path=Path("unused"),
        claims=(
            GoldSpan(*span_of(ARTICLE, "The Lakeside Council approved a new tram line on Monday.")),
            GoldSpan(*span_of(ARTICLE, "Mayor Ana Ferreira said the line would open in 2027.")),
        ),
        not_claims=(
            GoldSpan(*span_of(ARTICLE, "Will the tram be ready in time?"), why="question"),
            GoldSpan(*span_of(ARTICLE, "Photo: City archive"), why="credit"),
        ),
        entities=(
            GoldEntity(*span_of(ARTICLE, "Lakeside Council"), "Lakeside Council", "ORG"),
            GoldEntity(*span_of(ARTICLE, "Ana Ferreira"), "Ana Ferreira", "PERSON"),
        ),
    )


def proposal(text: str) -> Proposal:
    return Proposal(*span_of(BODY, text), text)


def test_a_page_run_counts_found_missed_extra_and_not_claims():
    proposals = [
        proposal("The Lakeside Council approved a new tram line on Monday."),
        proposal("Tram line approved"),
        proposal("Will the tram be ready in time?"),
    ]
    council = span_of(BODY, "Lakeside Council")
    mentions = [
        ProposedMention(*council, "Lakeside Council", frozenset({"the Lakeside Council"})),
    ]

    score = page_score(page=page(), shape="html", body=BODY, proposals=proposals, mentions=mentions)

    article = page().article
    assert [article[s:e] for s, e in score.found] == [
        "The Lakeside Council approved a new tram line on Monday."
    ]
    assert len(score.missed) == 1
    assert [(span, text) for span, text in score.extra if span is None] == [
        (None, "Tram line approved")
    ]
    assert [why for _, _, why in score.not_claims_proposed] == ["question"]
    assert score.entities_resolved == 1
    assert score.entities_wrong == []


def test_a_mention_resolved_to_another_entity_is_wrong():
    ferreira = span_of(BODY, "Ana  Ferreira")
    mentions = [ProposedMention(*ferreira, "Ana  Ferreira", frozenset({"Lakeside Council"}))]
    proposals = [proposal("Mayor Ana  Ferreira said the line would open in 2027.")]

    score = page_score(page=page(), shape="text", body=BODY, proposals=proposals, mentions=mentions)

    assert [name for _, name, _, _ in score.entities_wrong] == ["Ana Ferreira"]
    assert score.entities_resolved == 0

"""Scores of one pipeline run on one annotated real page (pure; see matching.py for the rule)."""

from dataclasses import dataclass, field

from claims.entities.keys import normalize_alias
from claims.evaluation.gold_pages import GoldPage
from claims.evaluation.matching import OffsetMap, best_mention, covers, overlap, same_claim


@dataclass(frozen=True)
class Proposal:
    start: int  # into Source.body
    end: int
    text: str


@dataclass(frozen=True)
class ProposedMention:
    start: int  # into Source.body
    end: int
    text: str
    entity_names: frozenset[str]  # the entity's name and every alias


@dataclass
class PageScore:
    page: GoldPage
    shape: str
    note: str = ""
    proposed: int = 0
    found: list[tuple[int, int]] = field(default_factory=list)
    missed: list[tuple[int, int]] = field(default_factory=list)
    # (article span or None when outside the article body, proposal text)
    extra: list[tuple[tuple[int, int] | None, str]] = field(default_factory=list)
    not_claims_proposed: list[tuple[int, int, str]] = field(default_factory=list)
    entities_resolved: int = 0
    # (gold span, gold name, mention text, the entity's names) for a wrong entity
    entities_wrong: list[tuple[tuple[int, int], str, str, frozenset[str]]] = field(
        default_factory=list
    )
    # gold entity spans inside a found claim that no mention covers
    entities_unmentioned: list[tuple[tuple[int, int], str]] = field(default_factory=list)


def page_score(
    *,
    page: GoldPage,
    shape: str,
    body: str,
    proposals: list[Proposal],
    mentions: list[ProposedMention],
    note: str = "",
) -> PageScore:
    """Match a run's proposals and mentions on ``body`` against the page's gold spans."""
    score = PageScore(page=page, shape=shape, note=note, proposed=len(proposals))
    offsets = OffsetMap(body, page.article)
    spans = [offsets.span(p.start, p.end) for p in proposals]
    placed = [span for span in spans if span is not None]
    for gold in page.claims:
        target = (gold.start, gold.end)
        (score.found if any(same_claim(s, target) for s in placed) else score.missed).append(target)
    for span, proposal in zip(spans, proposals, strict=True):
        if span is None or not any(overlap(span, (g.start, g.end)) for g in page.claims):
            score.extra.append((span, proposal.text))
    for gold in page.not_claims:
        if any(covers(s, (gold.start, gold.end)) for s in placed):
            score.not_claims_proposed.append((gold.start, gold.end, gold.why))

    carried = [
        (span, mention)
        for mention in mentions
        if (span := offsets.span(mention.start, mention.end)) is not None
    ]
    found = score.found
    for entity in page.entities:
        target = (entity.start, entity.end)
        mention = best_mention(target, carried)
        if mention is None:
            if any(overlap(target, claim) for claim in found):
                score.entities_unmentioned.append((target, entity.name))
            continue
        if normalize_alias(entity.name) in {normalize_alias(n) for n in mention.entity_names}:
            score.entities_resolved += 1
        else:
            score.entities_wrong.append((target, entity.name, mention.text, mention.entity_names))
    return score

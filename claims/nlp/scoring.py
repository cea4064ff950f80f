"""Check-worthiness: a score from 0 to 1 for a candidate claim, with a reason for every step."""

LONG_SENTENCE_WORDS = 60


def score_claim(
    parsed, sentence, mentions, structure, quantities, dates
) -> tuple[float, tuple[str, ...]]:
    """Check-worthiness from 0 to 1, with a reason for every step up or down."""
    if mentions:
        score, reasons = 0.5, ["+0.50 asserts something about a named entity"]
    else:
        score, reasons = 0.4, ["+0.40 the headline, naming no entity the model knows"]

    def step(amount: float, why: str) -> None:
        nonlocal score
        score += amount
        reasons.append(f"{amount:+.2f} {why}")

    distinct = {m.key for m in mentions}
    if len(distinct) >= 2:
        step(0.10, f"names {len(distinct)} entities")
    if quantities:
        step(0.15, "states a number")
    if dates:
        step(0.05, "states a date")
    if structure.get("speaker"):
        step(0.10, "attributed to a speaker")
    subject = structure.get("subject", "")
    if subject and any(m.text in subject for m in mentions):
        step(0.05, "an entity is the subject")
    if structure.get("is_hedged"):
        step(-0.10, "hedged")
    tokens = parsed.tokens[sentence.token_start : sentence.token_end]
    words = [t for t in tokens if not t.is_space and t.pos != "PUNCT"]
    if len(words) > LONG_SENTENCE_WORDS:
        step(-0.15, "very long sentence")
    if any(t.text.lower() in {"i", "we", "my", "our"} for t in words) and not structure.get(
        "speaker"
    ):
        step(-0.10, "first person without attribution")
    return round(min(1.0, max(0.0, score)), 3), tuple(reasons)

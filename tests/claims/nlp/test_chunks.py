"""Cutting a text into the pieces spaCy reads: bounded, cut where sentences end, exact offsets."""

from claims.nlp.chunks import chunk_text

PARAGRAPH = (
    "Russia sent troops to Kazakhstan in January 2022. The CSTO force left within two weeks. "
    "President Tokayev thanked Vladimir Putin for the help."
)


def pieces_of(text, **limits):
    chunks = chunk_text(text, **{"max_chars": 400, "max_sentence_chars": 200, **limits})
    return chunks, [text[start:end] for start, end in chunks.pieces]


def assert_only_whitespace_left_out(text, pieces):
    ends = [0, *(offset for piece in pieces for offset in piece), len(text)]
    gaps = [text[ends[i] : ends[i + 1]] for i in range(0, len(ends), 2)]
    assert all(not gap.strip() for gap in gaps)


def test_a_short_text_is_one_piece_the_whole_text():
    chunks, pieces = pieces_of(PARAGRAPH)
    assert pieces == [PARAGRAPH]
    assert chunks.unread == ()


def test_a_long_text_is_cut_at_line_breaks_into_bounded_pieces():
    text = "\n\n".join(f"Part {n}: {PARAGRAPH}" for n in range(12))
    chunks, pieces = pieces_of(text)
    assert len(pieces) > 3
    assert all(len(piece) <= 400 for piece in pieces)
    # Every paragraph is whole in one piece, and nothing is lost but the breaks between.
    for n in range(12):
        assert sum(f"Part {n}: {PARAGRAPH}" in piece for piece in pieces) == 1
    assert chunks.unread == ()
    assert_only_whitespace_left_out(text, chunks.pieces)


def test_a_long_paragraph_is_cut_after_a_sentence():
    text = " ".join([PARAGRAPH] * 10)
    _, pieces = pieces_of(text)
    assert all(len(piece) <= 400 for piece in pieces)
    assert all(piece.endswith(".") for piece in pieces)
    assert " ".join(pieces) == text


def test_a_stretch_with_no_sentence_end_longer_than_a_sentence_may_be_is_left_unread():
    run_on = "Russia told Kazakhstan that China would pay 3.5 billion dollars, " * 10
    text = f"{PARAGRAPH}\n\n{run_on}and so on.\n\n{PARAGRAPH}"
    chunks, pieces = pieces_of(text)
    assert pieces == [PARAGRAPH, PARAGRAPH]
    ((start, end),) = chunks.unread
    assert text[start:end] == f"{run_on}and so on."


def test_one_unbroken_run_of_288000_characters_is_read_not_at_all():
    text = (
        "Ministers said that "
        + "Russia told Kazakhstan that China would pay, " * 6400
        + "in Moscow."
    )
    chunks = chunk_text(text, max_chars=2000, max_sentence_chars=1500)
    assert chunks.pieces == ()
    assert chunks.unread == ((0, len(text)),)


def test_whitespace_between_pieces_is_never_a_piece():
    chunks, pieces = pieces_of("   \n\n  ")
    assert pieces == [] and chunks.unread == ()
    _, pieces = pieces_of(f"\n\n  {PARAGRAPH}  \n\n")
    assert pieces == [PARAGRAPH]

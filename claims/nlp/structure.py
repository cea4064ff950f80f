"""A sentence's structure from its dependency parse: subject, predicate, object, negation,
hedging and speaker; whether a name acts in it; whether it is an assertion at all.

Pure functions over ``claims.nlp.pipeline`` dataclasses.
"""

from common.text import ends_sentence, paragraph_bounds

from .pipeline import EntitySpan, ParsedText, Sentence, Token

SPEECH_VERBS = {
    "say", "tell", "state", "claim", "argue", "warn", "insist", "announce", "add",
    "write", "note", "deny", "assert", "admit", "suggest", "predict", "believe",
    "report", "confirm", "acknowledge", "estimate", "contend", "maintain",
}  # fmt: skip
HEDGE_WORDS = {
    "reportedly", "allegedly", "apparently", "possibly", "perhaps", "likely",
    "probably", "seemingly", "purportedly", "arguably", "unconfirmed",
}  # fmt: skip
HEDGE_MODALS = {"may", "might", "could"}
HEDGE_VERBS = {"appear", "seem"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "attr", "acomp", "oprd", "dative", "xcomp", "ccomp"}

MIN_WORDS = 4


def _subtree_span(tokens: tuple[Token, ...], root: int, lo: int, hi: int) -> tuple[int, int]:
    """Character span of ``root``'s subtree, limited to tokens lo..hi."""
    children: dict[int, list[int]] = {}
    for token in tokens[lo:hi]:
        if token.i != token.head:
            children.setdefault(token.head, []).append(token.i)
    members, stack = [], [root]
    while stack:
        i = stack.pop()
        members.append(i)
        stack.extend(children.get(i, ()))
    words = [tokens[i] for i in members if not tokens[i].is_space and tokens[i].pos != "PUNCT"]
    if not words:
        return (tokens[root].idx, tokens[root].idx + len(tokens[root].text))
    return (min(t.idx for t in words), max(t.idx + len(t.text) for t in words))


def _children(tokens: tuple[Token, ...], head: int, lo: int, hi: int) -> list[Token]:
    return [t for t in tokens[lo:hi] if t.head == head and t.i != head]


# A speaker named by one of these stands for a person named earlier in the article.
PERSON_PRONOUNS = {"he", "she", "him", "her"}
PERSONAL_PRONOUNS = PERSON_PRONOUNS | {"they", "them", "we", "us", "i", "me", "you", "it"}


def pronoun_speaker(parsed: ParsedText, sentence: Sentence, pronoun: Token) -> str:
    """The person a pronoun speaker ("he said") refers to, by name, or "" when unsure.

    "He" and "she" look back over the sentence's paragraph and the one before
    it, up to the sentence (a name quoted inside the sentence is what the
    speaker talks about, not who speaks). One person named there, or one
    acting there (subject, speaker) among several, is the referent, in the
    fullest form the article gives the name ("Xi" after "Xi Jinping").
    Otherwise, and for other pronouns ("they", "we", "I": a group or a quoted
    first person), the speaker is left empty rather than guessed.
    """
    if pronoun.text.lower() not in PERSON_PRONOUNS:
        return ""
    text = parsed.text
    paragraph_start = paragraph_bounds(text, sentence.start, sentence.end)[0]
    before = text[:paragraph_start].rstrip()
    window_start = paragraph_bounds(text, len(before), len(before))[0] if before else 0
    people = [e for e in parsed.entities if e.label == "PERSON" and e.end <= sentence.start]
    near = [e for e in people if e.start >= window_start]
    chosen = _one_person(near) or _one_person([e for e in near if is_actor(parsed.tokens, e)])
    if not chosen:
        return ""
    same = [_bare_name(e.text) for e in people if _same_person(_bare_name(e.text), chosen)]
    return max(same, key=len, default=chosen)


def _same_person(one: str, other: str) -> bool:
    """Whether two names can be one person: the shorter's words all in the longer ("Xi",
    "Xi Jinping"; "Ospanova", "Dana Ospanova")."""
    a, b = set(one.split()), set(other.split())
    return bool(a and b) and (a <= b or b <= a)


def _one_person(entities) -> str:
    """The fullest name, when ``entities`` name exactly one person, else ""."""
    names = sorted({_bare_name(e.text) for e in entities}, key=len, reverse=True)
    if not names or not all(_same_person(name, names[0]) for name in names):
        return ""
    return names[0]


def _bare_name(text: str) -> str:
    text = text.strip()
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def sentence_structure(parsed: ParsedText, sentence: Sentence) -> dict:
    tokens, text = parsed.tokens, parsed.text
    lo, hi = sentence.token_start, sentence.token_end
    roots = [t for t in tokens[lo:hi] if t.head == t.i and not t.is_space]
    if not roots:
        return {}
    # A sentence the parser split and nlp.py joined again has several roots;
    # the verb's is the one that carries the assertion.
    root = next((r for r in roots if r.pos in {"VERB", "AUX"}), roots[0])
    predicate = root
    speaker = ""

    def span_text(token: Token) -> str:
        start, end = _subtree_span(tokens, token.i, lo, hi)
        return text[start:end]

    def speaker_text(token: Token) -> str:
        if token.pos == "PRON" or token.text.lower() in PERSONAL_PRONOUNS:
            return pronoun_speaker(parsed, sentence, token)
        return span_text(token)

    if root.lemma.lower() in SPEECH_VERBS:
        clauses = [c for c in _children(tokens, root.i, lo, hi) if c.dep in {"ccomp", "parataxis"}]
        subjects = [c for c in _children(tokens, root.i, lo, hi) if c.dep in SUBJECT_DEPS]
        if clauses and subjects:
            speaker = speaker_text(subjects[0])
            predicate = clauses[0]
    for token in tokens[lo:hi]:
        if token.lemma.lower() == "accord" and token.text.lower() == "according":
            to = [c for c in _children(tokens, token.i, lo, hi) if c.text.lower() == "to"]
            objects = (
                [c for c in _children(tokens, to[0].i, lo, hi) if c.dep == "pobj"] if to else []
            )
            if objects and not speaker:
                speaker = speaker_text(objects[0])

    children = _children(tokens, predicate.i, lo, hi)
    subject = next((span_text(c) for c in children if c.dep in SUBJECT_DEPS), "")
    if not subject and predicate is root:
        # The stray root of a split sentence, right before the verb, is its subject.
        before = [r for r in roots if r.i < root.i and r.pos in {"PROPN", "NOUN", "PRON"}]
        if before:
            subject = span_text(before[-1])
    obj = next((span_text(c) for c in children if c.dep in OBJECT_DEPS), "")
    if not obj:
        preps = [c for c in children if c.dep in {"prep", "agent"}]
        for prep in preps:
            pobj = [c for c in _children(tokens, prep.i, lo, hi) if c.dep == "pobj"]
            if pobj:
                obj = text[prep.idx : _subtree_span(tokens, pobj[0].i, lo, hi)[1]]
                break
    is_negated = any(c.dep == "neg" for c in children)
    is_hedged = (
        any(c.dep == "aux" and c.lemma.lower() in HEDGE_MODALS for c in children)
        or predicate.lemma.lower() in HEDGE_VERBS
        or any(t.text.lower() in HEDGE_WORDS for t in tokens[lo:hi])
    )
    return {
        "subject": subject,
        "predicate": predicate.lemma.lower(),
        "object": obj,
        "is_negated": is_negated,
        "is_hedged": is_hedged,
        "speaker": speaker,
        "root": root,
    }


ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "csubj"}
GOVERNMENT_NOUNS = {
    "official", "spokesman", "spokeswoman", "spokesperson", "ministry", "minister",
    "government", "diplomat", "authority", "leader", "leadership", "policymaker",
    "lawmaker", "regulator", "negotiator", "envoy", "administration",
}  # fmt: skip


def is_actor(tokens: tuple[Token, ...], ent: EntitySpan) -> bool:
    """Whether the entity acts in its sentence: subject, agent, possessor, or their modifier.

    "Moscow said", "Moscow's decision", "Moscow officials said": the capital
    stands for the state. "in Moscow" does not act.
    """
    if ent.token_start < 0:
        return False
    span = tokens[ent.token_start : ent.token_end]
    heads = [t for t in span if not (ent.token_start <= t.head < ent.token_end)] or list(span[-1:])
    for token in heads:
        if token.dep in ACTOR_DEPS:
            return True
        if token.dep == "compound" and tokens[token.head].dep in ACTOR_DEPS:
            return True
        if token.dep == "pobj" and tokens[token.head].dep == "agent":
            return True
        if token.dep == "pobj" and tokens[token.head].text.lower() in {"in", "from"}:
            # "officials in Astana", "a spokesman in Beijing": the government.
            governed = tokens[tokens[token.head].head]
            if governed.lemma.lower() in GOVERNMENT_NOUNS:
                return True
    return False


def is_headline(parsed: ParsedText, sentence: Sentence) -> bool:
    """The first line of the body, standing alone: the article's headline."""
    if sentence is not parsed.sentences[0]:
        return False
    text = parsed.text
    first_line_start = len(text) - len(text.lstrip())
    line_end = text.find("\n", first_line_start)
    line_end = len(text) if line_end == -1 else line_end
    return (
        sentence.start == first_line_start
        and sentence.end == len(text[first_line_start:line_end].rstrip()) + first_line_start
    )


def why_not_assertion(
    parsed: ParsedText, sentence: Sentence, root: Token | None, *, headline: bool = False
) -> str:
    """Why the sentence is not an assertion, or "" when it is one.

    A headline need not have a finite verb ("Russia's comeback in Central
    Asia"): title case often hides the verb from the tagger.
    """
    tokens = parsed.tokens[sentence.token_start : sentence.token_end]
    words = [t for t in tokens if not t.is_space and t.pos != "PUNCT"]
    if len(words) < MIN_WORDS:
        return "too short"
    if parsed.text[sentence.start : sentence.end].rstrip("\"”’') ").endswith("?"):
        return "question"
    finite = [t for t in tokens if t.tag in {"VBD", "VBZ", "VBP", "MD"}]
    # A long sentence with its full stop is an assertion even when the tagger
    # missed its verb ("... the warm reception for Xi point in the same direction.").
    is_full_sentence = len(words) >= 10 and ends_sentence(
        parsed.text[sentence.start : sentence.end]
    )
    if not finite and not headline and not is_full_sentence:
        return "no finite verb"
    is_bare_verb_first = root is not None and root.tag == "VB" and root.i == words[0].i
    if is_bare_verb_first and not any(t.dep in SUBJECT_DEPS for t in tokens):
        return "command"
    return ""

"""Which way a claim points on its topic: gain or loss, rise or fall, support or opposition.

A small lexicon written for this project (news verbs, nouns and adjectives of
direction), read word by word: each word found counts +1 (up: gain, rise,
remain, support) or -1 (down: loss, fall, drift, oppose), flipped when a
negation stands just before it ("not losing" points up, "no longer the only"
down). A claim's direction is the sign of the sum, 0 when it has none or its
words cancel out. Two claims on a shared topic pointing opposite ways are a
cue of conflict ("Russia is losing Central Asia" against "Russia remains the
region's guarantor"); pointing the same way, of agreement.

Pure; the antonym lexicon is not read here (its pairs oppose words, not
directions: "buy"/"sell" has no up and down).
"""

import functools
import re

# Stems (lower case, matched at the start of a word), by direction.
UP = (
    "gain", "rise", "rising", "rose", "risen", "grow", "grew", "growth", "increas", "expand",
    "strengthen", "stronger", "strongest", "reclaim", "regain", "win", "wins", "won", "boost",
    "surg", "climb", "soar", "record", "tighten", "deepen", "dominan", "dominat", "remain",
    "still", "keep", "kept", "retain", "guarant", "secur", "support", "back", "endors",
    "welcom", "approv", "prais", "accept", "recognis", "recogniz", "ready", "succeed",
    "success", "stay", "bound", "bind", "largest", "main", "leading", "more", "higher",
    "tripl", "doubl", "hold", "held", "protect", "confirm", "continu", "intact", "firm",
    "uphold", "upheld", "adopt", "agree", "ties", "tied", "depend",
)  # fmt: skip
DOWN = (
    "lose", "losing", "lost", "loss", "fall", "fell", "declin", "drop", "shrink", "shrank",
    "cut", "weaken", "weaker", "weak", "loosen", "drift", "end", "collaps", "slow", "cool",
    "reduc", "fewer", "lower", "less", "retreat", "withdr", "fail", "powerless", "empty",
    "oppos", "reject", "refus", "condemn", "criticis", "criticiz", "deni", "deny", "block",
    "ban", "halt", "stop", "replac", "overtak", "abandon", "worr", "risk", "threat",
    "unlikely", "undercut", "dismiss", "disput", "broke", "ignor", "overreach", "sidelin",
    "quieter", "limit",
)  # fmt: skip
# A stem shorter than this matches only itself and its inflections ("end", "ends",
# "ended", not "endorse"); a longer one every word it begins.
SHORT_STEM = 5
NEGATORS = {"not", "never", "no", "nor", "without", "hardly", "cannot"}
WORD = re.compile(r"[A-Za-z]+(?:n't)?")
# How many words before a direction word a negation still flips it.
NEGATION_REACH = 3


def _matcher(stems: tuple[str, ...]):
    """A function telling whether a word matches one of ``stems`` (see SHORT_STEM)."""
    prefixes = sorted((stem for stem in stems if len(stem) >= SHORT_STEM), key=len, reverse=True)
    starts = re.compile("|".join(map(re.escape, prefixes)))
    whole = {
        stem + ending
        for stem in stems
        if len(stem) < SHORT_STEM
        for ending in ("", "s", "es", "d", "ed", "ing")
    }
    return lambda word: word in whole or starts.match(word) is not None


_is_up, _is_down = _matcher(UP), _matcher(DOWN)


@functools.lru_cache(maxsize=65536)
def _sign(word: str) -> int:
    """+1, -1 or 0 for one lower-case word; words recur, so each is looked up once."""
    return int(_is_up(word)) - int(_is_down(word))


@functools.lru_cache(maxsize=8192)
def direction(text: str) -> int:
    """+1, -1 or 0: which way ``text`` points (see the module's docstring)."""
    words = [w.lower() for w in WORD.findall(text or "")]
    total = 0
    for i, word in enumerate(words):
        if word == "longer" and i and words[i - 1] == "no":  # "no longer" points down
            total -= 1
            continue
        sign = _sign(word)
        if not sign:
            continue
        before = words[max(0, i - NEGATION_REACH) : i]
        if any(w in NEGATORS or w.endswith("n't") for w in before):
            sign = -sign
        total += sign
    return (total > 0) - (total < 0)

"""Quantities a claim states: their value, and their unit or currency where given."""

import re

from .pipeline import EntitySpan, Token

CURRENCIES = [
    (re.compile(r"\$|\bdollars?\b|\bUSD\b", re.I), "USD"),
    (re.compile(r"€|\beuros?\b|\bEUR\b", re.I), "EUR"),
    (re.compile(r"£|\bpounds?\b|\bGBP\b", re.I), "GBP"),
    (re.compile(r"\byuan\b|\brenminbi\b|\bCNY\b", re.I), "CNY"),
    (re.compile(r"\broubles?\b|\brubles?\b|\bRUB\b", re.I), "RUB"),
    (re.compile(r"\btenge\b|\bKZT\b", re.I), "KZT"),
]
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "dozens": 24, "half": 0.5,
}  # fmt: skip


def quantity(tokens: tuple[Token, ...], ent: EntitySpan) -> dict:
    """A stated quantity with its value, and its unit or currency where given."""
    value = number(ent.text)
    unit = ""
    if ent.label == "MONEY":
        unit = next((code for pattern, code in CURRENCIES if pattern.search(ent.text)), "")
    elif ent.label == "PERCENT":
        unit = "%"
    elif ent.token_end < len(tokens) and ent.token_end > 0:
        following = tokens[ent.token_end]
        if following.pos == "NOUN" and tokens[ent.token_end - 1].head == following.i:
            unit = following.lemma.lower()
    return {"text": ent.text, "kind": ent.label.lower(), "value": value, "unit": unit}


def number(text: str) -> float | None:
    match = re.search(r"\d[\d,]*(\.\d+)?", text)
    if match:
        value = float(match.group(0).replace(",", ""))
    else:
        words = [WORD_NUMBERS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in WORD_NUMBERS]
        if not words:
            return None
        value = float(words[0])
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", text, re.I)
    if scale:
        value *= {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[
            scale.group(1).lower()
        ]
    return value

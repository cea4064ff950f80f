"""Name keys: the lookup key of a name, display names, initials and acronyms. Pure string functions."""

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
_DOTS_AND_APOSTROPHES = re.compile(r"[.'’]")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=65536)  # names repeat within and across articles
def normalize_alias(text: str) -> str:
    """The lookup key of a name: case, punctuation, "the" and possessives ignored.

    "The Kremlin's" -> "kremlin"; "U.S." -> "us"; "Kassym-Jomart Tokayev" ->
    "kassym jomart tokayev".
    """
    key = unicodedata.normalize("NFKC", text).casefold().strip()
    key = _POSSESSIVE.sub("", key)
    key = _LEADING_THE.sub("", key)
    key = _DOTS_AND_APOSTROPHES.sub("", key)
    key = _NON_WORD.sub(" ", key)
    return " ".join(key.split())


def display_name(text: str) -> str:
    """A name as an entity is titled: "the Eurasia Institute's" -> "Eurasia Institute"."""
    return _POSSESSIVE.sub("", _LEADING_THE.sub("", " ".join(text.split())))


FUNCTION_WORDS = {"of", "and", "for", "the", "on", "in", "de", "la"}
ORG_LIKE = {"ORG", "FAC", "LAW", "EVENT", "PRODUCT"}


def initials(key: str) -> tuple[str, str]:
    """Initials of a name with and without its function words ("aosis", "asis")."""
    words = key.replace("-", " ").split()
    every = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in FUNCTION_WORDS)
    return every, content


def is_acronym_of(acronym: str, key: str) -> bool:
    """Whether ``acronym`` ("ecb", "aosis", "ustr", "un") abbreviates the name ``key``."""
    if len(acronym) < 2 or " " in acronym or " " not in key:
        return False
    every, content = initials(key)
    # Dotted abbreviations inside a name count letter by letter ("u.s." -> "us").
    spelled = "".join(w if len(w) <= 2 else w[0] for w in key.split() if w not in FUNCTION_WORDS)
    return acronym in {every, content} or (
        len(acronym) >= 3 and (spelled.endswith(acronym) or content.endswith(acronym))
    )

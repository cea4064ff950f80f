"""Name keys: the lookup key of a name, display names, initials, acronyms, surnames and how
close two names are. Pure string functions."""

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
_DOTS_AND_APOSTROPHES = re.compile(r"[.'’]")
_NON_WORD = re.compile(r"[^\w]+")
_NOT_DIGITS = re.compile(r"\D+")


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
    return " ".join(_AMERICAN.get(word, word) for word in key.split())


# British spellings folded into American ones, so that "Collective Security Treaty
# Organisation" and "...Organization", or "Ministry of Defence" and "...Defense", share
# a key. Word lists rather than suffix rules: "-ise" and "-our" end many names
# ("Louise", "Seymour") that have no other spelling.
_IZE_STEMS = {
    "organ", "recogn", "modern", "privat", "normal", "mobil", "real", "special", "stabil",
    "subsid", "critic", "author", "legal", "liberal", "national", "central", "militar",
    "civil", "harmon", "democrat", "industrial", "capital", "util", "maxim", "minim",
    "optim", "prior", "standard", "synchron", "terror", "apolog", "character", "emphas",
    "fertil", "global", "human", "immun", "jeopard", "memor", "neutral", "polar",
    "revolution", "sanit", "scrutin", "summar", "symbol", "sympath", "tranquil", "vapor",
    "visual", "colon", "rational",
}  # fmt: skip
_IZE_ENDINGS = {"ise": "ize", "ised": "ized", "ises": "izes", "ising": "izing"}
_IZE_ENDINGS |= {"isation": "ization", "isations": "izations", "iser": "izer", "isers": "izers"}
_OUR_WORDS = {
    "harbour", "honour", "colour", "favour", "neighbour", "behaviour", "armour", "rumour",
    "vigour", "endeavour", "saviour", "valour", "humour", "flavour", "parlour", "splendour",
    "odour", "rancour", "clamour", "glamour",
}  # fmt: skip
_OTHER_WORDS = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "programme": "program",
    "centre": "center",
    "theatre": "theater",
    "metre": "meter",
    "kilometre": "kilometer",
    "litre": "liter",
    "fibre": "fiber",
    "calibre": "caliber",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "analyse": "analyze",
    "paralyse": "paralyze",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "aluminium": "aluminum",
    "jewellery": "jewelry",
    "tyre": "tire",
    "grey": "gray",
}
_AMERICAN = {
    **{stem + gb: stem + us for stem in _IZE_STEMS for gb, us in _IZE_ENDINGS.items()},
    **{word: word[:-2] + "r" for word in _OUR_WORDS},
    **{word + "ed": word[:-2] + "red" for word in _OUR_WORDS},
    **{word + "ing": word[:-2] + "ring" for word in _OUR_WORDS},
    **_OTHER_WORDS,
}
_AMERICAN |= {gb + "s": us + "s" for gb, us in list(_AMERICAN.items()) if not gb.endswith("s")}


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


# Family names written first ("Xi Jinping", "Kim Jong Un"): a name that starts with one is
# referred to by its first word. Written for the names Chinese, Korean and Vietnamese
# news sources make common; a short list, since a wrong entry only costs a surname match.
FAMILY_NAME_FIRST = frozenset({
    "xi", "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu",
    "sun", "hu", "zhu", "gao", "lin", "guo", "ma", "luo", "liang", "song", "zheng", "xie",
    "han", "tang", "feng", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen",
    "zeng", "peng", "lu", "su", "jiang", "cai", "jia", "ding", "wei", "ye", "yan", "pan",
    "du", "dai", "xia", "zhong", "qin", "kim", "park", "choi", "yoon", "moon", "nguyen",
    "tran", "pham", "hoang", "vo",
})  # fmt: skip


# Generational suffixes follow the surname: "Patrick W. Carlineo Jr." is "Carlineo".
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def surname_of(key: str) -> str:
    """The word a person with the name ``key`` is referred to alone, or "" for one word.

    "kassym jomart tokayev" -> "tokayev"; "xi jinping" -> "xi"; "james p kennedy jr" ->
    "kennedy"; "tokayev" -> "".
    """
    words = key.split()
    while len(words) > 2 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    if len(words) < 2:
        return ""
    if words[0] in FAMILY_NAME_FIRST and len(words) <= 3:
        return words[0]
    return words[-1]


def content_words(key: str) -> frozenset[str]:
    return frozenset(w for w in key.split() if w not in FUNCTION_WORDS)


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` becomes ``b`` in at most ``limit`` single-letter edits (Levenshtein).

    Only the cells within ``limit`` of the table's diagonal are computed (a path
    that leaves that band costs more than ``limit``), so each letter costs a few
    steps, not the length of the other name.
    """
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    if len(set(a) ^ set(b)) > 2 * limit:
        return False  # an edit adds or removes at most two letters of those either uses
    over = limit + 1  # any cost above the limit, kept as this
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [i if i <= limit else over] + [over] * len(b)
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]), over
            )
        if min(current[low - 1 : high + 1]) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def are_close_names(a: str, b: str) -> bool:
    """Whether two name keys likely name the same thing: one's words a subset of the
    other's ("xi" and "xi jinping", "shanghai cooperation organization" and the same
    with "sco"), or a letter or two apart ("kazakstan", "kazakhstan")."""
    if a == b:
        return True
    words_a, words_b = content_words(a), content_words(b)
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return True
    shorter = min(len(a), len(b))
    if shorter < 5 or _NOT_DIGITS.sub("", a) != _NOT_DIGITS.sub("", b):
        return False  # "group of 7" and "group of 20", "boeing 737" and "boeing 747" differ
    return within_edits(a, b, 1 if shorter < 9 else 2)

"""Made-up words for a synthetic corpus: names of people, organisations, places and
publishers, and the sentences claims are written in. Pure; everything is drawn from a
``random.Random`` so a seed gives the same corpus.

The names are invented from syllables (no real person is named); states are the ones
the curated aliases already know (migration claims/0005), so a synthetic hub entity is
the same "Russia" a real article would resolve to.
"""

import random
from dataclasses import dataclass

# The hub entities: named by a fifth, a twelfth and a twentieth of all claims.
HUBS = [("Russia", 0.20), ("China", 0.08), ("Kazakhstan", 0.05)]
STATES = [
    "United States", "European Union", "Ukraine", "Kyrgyzstan", "Tajikistan", "Uzbekistan",
    "Turkmenistan", "Belarus", "Armenia", "Afghanistan", "Iran", "Turkey", "India", "Japan",
    "Germany", "France", "Mongolia", "Azerbaijan", "Georgia", "Pakistan",
]  # fmt: skip

FIRST_NAMES = [
    "Aigerim", "Arman", "Dana", "Timur", "Madina", "Ruslan", "Zarina", "Erlan", "Saule",
    "Bakyt", "Nadia", "Oleg", "Irina", "Pavel", "Lena", "Wei", "Mei", "Jun", "Lan", "Hao",
    "Sarah", "James", "Helen", "Peter", "Clara", "Omar", "Leila", "Farid", "Amina", "Yusuf",
    "Karl", "Greta", "Jonas", "Ines", "Marco", "Elena", "Tomas", "Nora", "Viktor", "Alma",
]  # fmt: skip
SYLLABLES = [
    "ka", "ri", "mo", "ta", "bek", "sul", "dar", "len", "vo", "zha", "nu", "ar", "tor",
    "mi", "sa", "ken", "bai", "lu", "go", "rin", "ta", "es", "ol", "yr", "din", "pa",
]  # fmt: skip
SURNAME_ENDINGS = ["ov", "ova", "enko", "bayev", "uly", "ski", "er", "sen", "an", "ich", ""]
PLACE_ENDINGS = ["abad", "grad", "kent", "tau", "sk", "pol", "dar", "ovo", " Valley", " Pass"]
ORG_PATTERNS = [
    "{X} Institute", "{X} Energy Company", "{X} Development Bank", "Ministry of {F} of {S}",
    "{X} Railways", "{X} Mining Group", "Council for {F}", "{X} Policy Centre",
    "{X} Water Authority", "{X} Trade Union", "{X} Port Authority", "{X} Defence Forum",
]  # fmt: skip
FIELDS = [
    "Energy", "Trade", "Defence", "Transport", "Finance", "Water Resources", "Agriculture",
    "Foreign Affairs", "Industry", "Digital Development", "Labour", "Education",
]  # fmt: skip
GROUP_PATTERNS = ["{X} Movement", "{X} Party", "{X} Alliance", "{X} Front"]

PUBLISHER_WORDS = [
    "Courier", "Ledger", "Review", "Wire", "Monitor", "Herald", "Observer", "Dispatch",
    "Gazette", "Chronicle", "Bulletin", "Post",
]  # fmt: skip
PUBLISHER_PLACES = [
    "Steppe", "Caspian", "Eurasia", "Silk Road", "Meridian", "Northern", "Frontier",
    "Highland", "Continental", "Harbour",
]  # fmt: skip


@dataclass(frozen=True)
class Verb:
    lemma: str
    past: str
    base: str  # after "did not", "may"
    opposite: str  # the lemma of the verb a conflicting claim would use


VERBS = [
    Verb("expand", "expanded", "expand", "reduce"),
    Verb("reduce", "reduced", "reduce", "expand"),
    Verb("sign", "signed", "sign", "cancel"),
    Verb("cancel", "cancelled", "cancel", "sign"),
    Verb("increase", "increased", "increase", "cut"),
    Verb("cut", "cut", "cut", "increase"),
    Verb("reclaim", "reclaimed", "reclaim", "lose"),
    Verb("lose", "lost", "lose", "reclaim"),
    Verb("support", "supported", "support", "oppose"),
    Verb("oppose", "opposed", "oppose", "support"),
    Verb("finance", "financed", "finance", "block"),
    Verb("block", "blocked", "block", "finance"),
    Verb("deploy", "deployed", "deploy", "withdraw"),
    Verb("withdraw", "withdrew", "withdraw", "deploy"),
    Verb("approve", "approved", "approve", "reject"),
    Verb("delay", "delayed", "delay", "accelerate"),
]

# (object phrase, quantity or None); {n} is a number the sentence states, drawn from
# the quantity's numbers.
OBJECTS = [
    ("its military presence in the region", None),
    ("a gas pipeline agreement", None),
    ("a loan worth {n} billion dollars", ("money", "USD", 1e9, (2, 3, 5, 12))),
    ("{n} troops near the border", ("cardinal", "troop", 1, (150, 800, 1200, 3000))),
    ("grain exports by {n} percent", ("percent", "%", 1, (3, 5, 12, 40))),
    ("a rail corridor to the Caspian ports", None),
    ("the water-sharing quotas for the river basin", None),
    ("a joint military exercise", None),
    ("its stake in the copper mine", None),
    ("tariffs on imported steel", None),
    ("visa-free travel for students", None),
    ("{n} new border crossings", ("cardinal", "crossing", 1, (2, 3, 5))),
    ("the security pact", None),
    ("electricity supplies to the capital", None),
    ("a fund of {n} million dollars for schools", ("money", "USD", 1e6, (5, 12, 40, 150))),
    ("the construction of a nuclear power plant", None),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
FILLERS = [
    "Officials declined to comment further.",
    "The talks lasted two days and ended without a joint statement.",
    "Analysts have long disagreed about what the numbers mean.",
    "The announcement came after months of quiet negotiation.",
    "Local residents said they had heard little about the plans.",
    "The figures could not be independently verified.",
    "Critics called the timing of the decision unfortunate.",
    "Several delegations left before the closing session.",
    "Markets reacted calmly to the news.",
    "The details of the arrangement were not published.",
]
HEADLINE_WORDS = [
    "shifts",
    "tests",
    "reshapes",
    "divides",
    "returns to",
    "bets on",
    "questions",
    "weighs",
]


def made_up_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {made_up_word(rng, 2)}{rng.choice(SURNAME_ENDINGS)}"


def place_name(rng: random.Random) -> str:
    return made_up_word(rng, rng.choice((2, 3))) + rng.choice(PLACE_ENDINGS)


def organisation_name(rng: random.Random) -> str:
    return rng.choice(ORG_PATTERNS).format(
        X=made_up_word(rng, 2), F=rng.choice(FIELDS), S=rng.choice(STATES)
    )


def group_name(rng: random.Random) -> str:
    return rng.choice(GROUP_PATTERNS).format(X=made_up_word(rng, 3))


# Made-up entity kinds and how often each is drawn.
NAME_MAKERS = [
    ("PERSON", person_name, 0.45),
    ("ORG", organisation_name, 0.30),
    ("LOC", place_name, 0.15),
    ("NORP", group_name, 0.10),
]


def publisher_names(rng: random.Random, count: int) -> list[str]:
    names = {f"The {place} {word}" for place in PUBLISHER_PLACES for word in PUBLISHER_WORDS}
    return rng.sample(sorted(names), min(count, len(names)))


@dataclass(frozen=True)
class Sentence:
    """A claim's text and what a parse would find in it; ``names`` are (offset, name)."""

    text: str
    names: list[tuple[int, str]]
    subject: str
    predicate: str
    object: str
    is_negated: bool
    is_hedged: bool
    speaker: str
    quantities: list[dict]
    dates: list[dict]


class _Builder:
    def __init__(self):
        self.parts: list[str] = []
        self.names: list[tuple[int, str]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def name(self, name: str) -> None:
        self.names.append((sum(len(p) for p in self.parts), name))
        self.parts.append(name)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def claim_sentence(rng: random.Random, names: list[str], year: int) -> Sentence:
    """One sentence naming each of ``names`` (one to four), stated about ``year``."""
    verb = rng.choice(VERBS)
    phrase, quantity = rng.choice(OBJECTS)
    number = rng.choice(quantity[3]) if quantity else 0
    obj = phrase.format(n=f"{number:,}")
    is_negated = rng.random() < 0.12
    is_hedged = not is_negated and rng.random() < 0.15
    when_kind = rng.random()
    dates = []
    if when_kind < 0.45:
        when = f" in {year}"
        dates = [{"text": str(year), "value": str(year)}]
    elif when_kind < 0.75:
        month = rng.randrange(12)
        when = f" in {MONTHS[month]} {year}"
        dates = [{"text": f"{MONTHS[month]} {year}", "value": f"{year}-{month + 1:02d}"}]
    else:
        when = rng.choice((" last year", " this spring", " after the summit", ""))
    subject, partner, speaker, place = (names + [None] * 4)[:4]

    built = _Builder()
    if speaker and rng.random() < 0.5:
        built.add("According to ")
        built.name(speaker)
        built.add(", ")
    elif speaker:
        built.name(speaker)
        built.add(" said that ")
    built.name(subject)
    if is_negated:
        built.add(f" did not {verb.base} {obj}")
    elif is_hedged:
        built.add(f" may {verb.base} {obj}")
    else:
        built.add(f" {verb.past} {obj}")
    if partner:
        built.add(rng.choice((" with ", " together with ", " despite objections from ")))
        built.name(partner)
    if place:
        built.add(" in ")
        built.name(place)
    built.add(when + ".")
    text = built.text
    quantities = []
    if quantity:
        kind, unit, scale, _ = quantity
        shown = obj.split(" ")[obj.split(" ").index(f"{number:,}")]
        quantities = [{"text": shown, "kind": kind, "value": float(number * scale), "unit": unit}]
    return Sentence(
        text=text,
        names=built.names,
        subject=subject,
        predicate=verb.lemma,
        object=obj,
        is_negated=is_negated,
        is_hedged=is_hedged,
        speaker=speaker or "",
        quantities=quantities,
        dates=dates,
    )


def headline(rng: random.Random, name: str) -> str:
    topics = [phrase for phrase, quantity in OBJECTS if quantity is None]
    return f"{name} {rng.choice(HEADLINE_WORDS)} {rng.choice(topics)}"

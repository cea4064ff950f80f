"""Names within one article: which short forms join which longer names, and when a
capital stands for its state. Pure: entity spans are built by hand."""

import pytest

from claims.entities.in_article import resolve_short_forms
from claims.entities.keys import normalize_alias
from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims
from claims.nlp.pipeline import EntitySpan


def spans(*names: tuple[str, str]) -> tuple[str, tuple[EntitySpan, ...]]:
    """A text of the names, one sentence each, and their spans: (surface, label)."""
    text, found = "", []
    for surface, label in names:
        start = len(text)
        found.append(EntitySpan(surface, label, start, start + len(surface), -1, -1))
        text += f"{surface} spoke. "
    return text, tuple(found)


def canonical(*names: tuple[str, str]) -> dict[str, str]:
    text, entities = spans(*names)
    resolved = resolve_short_forms(text, entities)
    return {key: resolved[key][1] for key in resolved}


@pytest.mark.parametrize(
    ("names", "short", "full"),
    [
        ((("Emirates Airline", "ORG"), ("Emirates", "GPE")), "emirates", "Emirates Airline"),
        ((("Edmunds.com", "ORG"), ("Edmunds", "NORP")), "edmunds", "Edmunds.com"),
        (
            (("the Conservative Party", "ORG"), ("Conservatives", "NORP")),
            "conservatives",
            "Conservative Party",
        ),
        ((("Braunau am Inn", "GPE"), ("Braunau", "GPE")), "braunau", "Braunau am Inn"),
        ((("HMP Wandsworth", "FAC"), ("Wandsworth", "GPE")), "wandsworth", "HMP Wandsworth"),
        (
            (("James P. Kennedy Jr.", "PERSON"), ("Kennedy", "PERSON")),
            "kennedy",
            "James P. Kennedy Jr.",
        ),
        ((("Swedish", "NORP"),), "swedish", "Sweden"),
        ((("Indians", "NORP"),), "indians", "India"),
    ],
)
def test_a_short_form_joins_the_longer_name_in_the_article(names, short, full):
    assert canonical(*names)[short] == full


@pytest.mark.parametrize(
    ("names", "short"),
    [
        # A country or a city named alone is the place, not the paper or the company.
        ((("China Daily", "ORG"), ("China", "GPE")), "china"),
        ((("The New York Times", "ORG"), ("New York", "GPE")), "new york"),
        ((("The Washington Post", "ORG"), ("Washington", "GPE")), "washington"),
        ((("Singapore Airlines", "ORG"), ("Singapore", "GPE")), "singapore"),
        # A place inside a longer place is its own place.
        ((("South Korea", "GPE"), ("Korea", "GPE")), "korea"),
        ((("South Sudan", "GPE"), ("Sudan", "GPE")), "sudan"),
        ((("New York City", "GPE"), ("New York", "GPE")), "new york"),
        ((("Asia-Pacific", "LOC"), ("Asia", "LOC")), "asia"),
        # A lower-case word the model took for a demonym is none.
        ((("polish", "NORP"),), "polish"),
        # Two longer names it could be: neither.
        ((("New York City", "GPE"), ("New York State", "GPE"), ("New York", "GPE")), "new york"),
    ],
)
def test_a_name_that_is_a_place_of_its_own_stays_itself(names, short):
    surface = next(s for s, _ in names if normalize_alias(s) == short)
    assert canonical(*names)[short] == surface


def test_an_embassy_in_a_capital_is_in_the_city_and_rule_under_a_capital_is_the_state():
    text = (
        "Dispute over a consulate\n\n"
        "The activist stayed at the Bolivian embassy in Paris for two years, his lawyer said. "
        "Residents see the territory’s shrinking autonomy under Beijing as a warning, "
        "the group said."
    )
    claims = extract_claims(nlp.parse(text))
    actors = {m.text: m.is_actor for c in claims for m in c.mentions}
    assert actors["Paris"] is False
    assert actors["Beijing"] is True

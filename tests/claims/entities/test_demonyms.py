"""Demonyms: the word for a country's people names the country."""

import pytest

from claims.entities.demonyms import COUNTRY_KEYS, DEMONYMS, country_of_demonym
from claims.entities.keys import normalize_alias


@pytest.mark.parametrize(
    ("key", "country"),
    [
        ("swedish", "Sweden"),
        ("swedes", "Sweden"),
        ("indians", "India"),
        ("austrians", "Austria"),
        ("korean", "South Korea"),
        ("north korean", "North Korea"),
        ("pakistanis", "Pakistan"),
        ("afghan", "Afghanistan"),
        ("british", "United Kingdom"),
    ],
)
def test_adjectives_and_plurals_name_the_country(key, country):
    assert country_of_demonym(key) == country


@pytest.mark.parametrize("key", ["congolese", "kurdish", "arab", "european", "democrats", ""])
def test_demonyms_of_no_single_state_name_none(key):
    assert country_of_demonym(key) == ""


def test_every_demonym_is_a_key_and_no_plural_is_made_up():
    for demonym in DEMONYMS:
        assert normalize_alias(demonym) == demonym
    assert "dutchmans" not in DEMONYMS
    assert "chineses" not in DEMONYMS
    assert {"sweden", "south korea", "united states"} <= COUNTRY_KEYS

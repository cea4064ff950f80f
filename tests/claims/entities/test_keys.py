"""Name keys: what makes two spellings of a name the same key, a person's surname, and
which names are close enough to suggest as duplicates."""

import pytest

from claims.entities.keys import are_close_names, normalize_alias, surname_of


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("The Kremlin's", "kremlin"),
        ("U.S.", "us"),
        ("Kassym-Jomart  Tokayev", "kassym jomart tokayev"),
        ("RUSSIA", "russia"),
    ],
)
def test_alias_keys_ignore_case_punctuation_and_articles(surface, key):
    assert normalize_alias(surface) == key


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("Collective Security Treaty Organisation", "Collective Security Treaty Organization"),
        ("the Ministry of Defence", "Ministry of Defense"),
        ("Tropical Forest Programme", "Tropical Forest Program"),
        ("Steppe Research Centre", "Steppe Research Center"),
        ("Caspian Harbour Authority", "Caspian Harbor Authority"),
        ("Organised Crime Unit", "Organized Crime Unit"),
        ("Regional Modernisation Fund", "Regional Modernization Fund"),
    ],
)
def test_british_and_american_spellings_share_a_key(british, american):
    assert normalize_alias(british) == normalize_alias(american)


@pytest.mark.parametrize("name", ["Louise Harper", "Seymour Hall", "Labour Party", "Paradise"])
def test_names_with_no_other_spelling_keep_theirs(name):
    assert normalize_alias(name) == name.casefold()


@pytest.mark.parametrize(
    ("key", "surname"),
    [
        ("kassym jomart tokayev", "tokayev"),
        ("xi jinping", "xi"),
        ("kim jong un", "kim"),
        ("aigerim bekova", "bekova"),
        ("james p kennedy jr", "kennedy"),
        ("patrick w carlineo jr", "carlineo"),
        ("henry ford ii", "ford"),
        ("tokayev", ""),
    ],
)
def test_surname_is_the_word_a_person_is_called_alone(key, surname):
    assert surname_of(key) == surname


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("xi", "xi jinping", True),
        ("shanghai cooperation organization", "shanghai cooperation organization sco", True),
        ("kazakstan", "kazakhstan", True),
        ("united states", "united kingdom", False),
        ("group of 7", "group of 20", False),
        ("eurasian bank", "asian bank", False),
    ],
)
def test_close_names_are_word_subsets_or_a_letter_apart(a, b, close):
    assert are_close_names(a, b) is close
    assert are_close_names(b, a) is close

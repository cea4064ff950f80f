"""Name keys: what makes two spellings of a name the same key."""

import pytest

from claims.entities.keys import normalize_alias


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

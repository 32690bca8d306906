"""Amounts in French words (the "en toutes lettres" line of a tax receipt)."""

from decimal import Decimal

import pytest

from metis.core.french_words import euros_in_words, integer_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zéro"),
        (1, "un"),
        (10, "dix"),
        (16, "seize"),
        (17, "dix-sept"),
        (20, "vingt"),
        (21, "vingt et un"),
        (22, "vingt-deux"),
        (31, "trente et un"),
        (61, "soixante et un"),
        (70, "soixante-dix"),
        (71, "soixante et onze"),
        (72, "soixante-douze"),
        (77, "soixante-dix-sept"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (90, "quatre-vingt-dix"),
        (91, "quatre-vingt-onze"),
        (99, "quatre-vingt-dix-neuf"),
        (100, "cent"),
        (101, "cent un"),
        (180, "cent quatre-vingts"),
        (200, "deux cents"),
        (201, "deux cent un"),
        (280, "deux cent quatre-vingts"),
        (1000, "mille"),
        (1001, "mille un"),
        (2000, "deux mille"),
        (21000, "vingt et un mille"),
        (80000, "quatre-vingt mille"),
        (200000, "deux cent mille"),
        (1000000, "un million"),
        (2000000, "deux millions"),
        (200000000, "deux cents millions"),
        (80000000, "quatre-vingts millions"),
        (1200000, "un million deux cent mille"),
        (1000000000, "un milliard"),
        (7392, "sept mille trois cent quatre-vingt-douze"),
        (
            999999999999,
            "neuf cent quatre-vingt-dix-neuf milliards neuf cent quatre-vingt-dix-neuf "
            "millions neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf",
        ),
    ],
)
def test_integer_in_words(number, words):
    assert integer_in_words(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "zéro euro"),
        ("1", "un euro"),
        ("1.01", "un euro et un centime"),
        ("2", "deux euros"),
        ("0.50", "cinquante centimes"),
        ("80", "quatre-vingts euros"),
        ("100", "cent euros"),
        ("200", "deux cents euros"),
        ("1000", "mille euros"),
        ("2000", "deux mille euros"),
        ("1000000", "un million d’euros"),
        ("2000000", "deux millions d’euros"),
        ("1000001", "un million un euros"),
        ("7392.63", "sept mille trois cent quatre-vingt-douze euros et soixante-trois centimes"),
        ("304.27", "trois cent quatre euros et vingt-sept centimes"),
        ("12015.005", "douze mille quinze euros et un centime"),  # half up to the cent
    ],
)
def test_euros_in_words(amount, words):
    assert euros_in_words(Decimal(amount)) == words


@pytest.mark.parametrize("bad", [-1, 10**12])
def test_out_of_range_is_refused(bad):
    with pytest.raises(ValueError):
        integer_in_words(bad)

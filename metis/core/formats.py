"""The one way figures are printed for people: Django's localisation of the active language
(French: `1 234,50`, English: `1,234.50`), thousands always grouped, two decimals rounded half
up (`core.hours.quantize`). Documents with legal value print French whatever the language of
the screen (`french_amount`). Exports are not printed figures: see `core.exports`.
Plurals go through `ngettext` ("1 participation approuvée", "2 participations approuvées")."""

from decimal import Decimal
from functools import cache

from django.utils import translation
from django.utils.formats import get_format, number_format

from .hours import quantize

NBSP = "\u00a0"


@cache
def _separators(language: str | None) -> dict | None:
    """The translation of Python's `1,234.50` into the separators of `language` when it groups
    digits by three, the only grouping the string formatter writes (French, English); None
    sends to `number_format`. A dashboard prints hundreds of figures: they are written by the
    string formatter, tested equal to `number_format`."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return str.maketrans(
        {
            ",": get_format("THOUSAND_SEPARATOR", language),
            ".": get_format("DECIMAL_SEPARATOR", language),
        }
    )


def _amount(value, separators) -> str:
    value = quantize(value) + 0  # no "-0,00"
    if separators is None:
        return number_format(value, decimal_pos=2, force_grouping=True)
    return f"{value:,.2f}".translate(separators)


def _count(value: int, separators) -> str:
    if separators is None:
        return number_format(value, force_grouping=True)
    return f"{value:,}".translate(separators)


def amount(value) -> str:
    """Hours or euros: `1 234,50` in French."""
    return _amount(value, _separators(translation.get_language()))


def number_writer():
    """`figure` of Decimals (amounts) and integers (counts), the language looked up once: for
    the hundreds of cells of a table."""
    separators = _separators(translation.get_language())

    def write(value: Decimal | int) -> str:
        if isinstance(value, Decimal):
            return _amount(value, separators)
        return _count(value, separators)

    return write


def french_amount(value) -> str:
    """`amount` in French, for documents (agreements, receipts, statements, attestations)."""
    with translation.override("fr"):
        return amount(value)


def euros(value) -> str:
    return f"{amount(value)}{NBSP}€"


def percent(rate: Decimal) -> str:
    """A rate as a percentage: 0.6 → `60 %` (the digits it has, no trailing zeros)."""
    return f"{number_format((Decimal(rate) * 100).normalize(), force_grouping=False)}{NBSP}%"


def count(value: int) -> str:
    return _count(value, _separators(translation.get_language()))


def figure(value):
    """A dashboard cell: Decimals as amounts, integers as counts, anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, int):
        return count(value)
    return value

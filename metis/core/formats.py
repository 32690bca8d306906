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
def _separators(language: str | None) -> tuple[str, str] | None:
    """(decimal, thousands) separators of `language` when it groups digits by three, the only
    grouping the fast path below writes (French, English); None sends to `number_format`."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return get_format("DECIMAL_SEPARATOR", language), get_format("THOUSAND_SEPARATOR", language)


def _grouped(text: str, separators: tuple[str, str]) -> str:
    """Python's `1,234.50` in the language's separators: `number_format`'s output, written by
    the string formatter (a dashboard prints hundreds of figures; tested equal)."""
    decimal, thousands = separators
    return text.translate({ord(","): thousands, ord("."): decimal})


def amount(value) -> str:
    """Hours or euros: `1 234,50` in French."""
    value = quantize(value) + 0  # no "-0,00"
    separators = _separators(translation.get_language())
    if separators is None:
        return number_format(value, decimal_pos=2, force_grouping=True)
    return _grouped(f"{value:,.2f}", separators)


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
    separators = _separators(translation.get_language())
    if separators is None:
        return number_format(value, force_grouping=True)
    return _grouped(f"{value:,}", separators)


def figure(value):
    """A dashboard cell: Decimals as amounts, integers as counts, anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, int):
        return count(value)
    return value

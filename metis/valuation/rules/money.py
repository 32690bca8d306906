"""Decimal helpers shared by the rules core (docs/rules.md § 4.5: 2 places, half up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InvalidAmount

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: Amounts must stay below this bound (10^15 €), far above any real figure, so that Decimal
#: arithmetic never loses precision.
MAX_AMOUNT = Decimal("1E15")


def round_cent(value: Decimal) -> Decimal:
    """Round to the cent, half up (docs/rules.md § 3 and § 4.5); never returns ``-0.00``."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP) + ZERO


def checked_amount(value: Decimal | int | str, *, field: str, index: int | None = None) -> Decimal:
    """Return ``value`` as a Decimal with exactly 2 places, or raise :class:`InvalidAmount`.

    The core refuses (rather than silently rounds) amounts with more than 2 decimal places:
    rounding is only ever applied where docs/rules.md says so.
    """
    if isinstance(value, float | bool):
        raise InvalidAmount(
            f"{field} must be a Decimal, not {type(value).__name__}",
            field=field,
            index=index,
        )
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidAmount(f"{field} is not a number", field=field, index=index) from None
    if not amount.is_finite():
        raise InvalidAmount(f"{field} is not a finite number", field=field, index=index)
    if amount < 0:
        raise InvalidAmount(f"{field} must not be negative", field=field, index=index)
    if amount >= MAX_AMOUNT:
        raise InvalidAmount(f"{field} is too large", field=field, index=index)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidAmount(f"{field} has more than 2 decimal places", field=field, index=index)
    return amount.quantize(CENT) + ZERO

"""Hours and money are Decimal with two places; this is the one place that says how they round."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def quantize(value: Decimal | int | str) -> Decimal:
    """Round to two places, half up (the rounding every rule of the platform uses)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)

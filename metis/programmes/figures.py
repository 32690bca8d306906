"""How much of an association's cash drop its hours credit is meant to make up (pure)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from metis.core.hours import quantize

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class CashDropShare:
    cash_drop: Decimal  # € lost since last period (0 when the cash grew)
    credit_value: Decimal  # € value of the hours credit at the reference hourly value
    share_percent: Decimal | None  # share of the drop made up, capped at 100; None: no drop


def cash_drop_share(
    *, cash_previous: Decimal, cash_current: Decimal, hours: Decimal, hourly_value: Decimal
) -> CashDropShare:
    drop = quantize(max(Decimal(cash_previous) - Decimal(cash_current), Decimal(0)))
    value = quantize(Decimal(hours) * Decimal(hourly_value))
    share = None
    if drop > 0:
        share = min(HUNDRED, value * HUNDRED / drop).quantize(TENTH, rounding=ROUND_HALF_UP)
    return CashDropShare(cash_drop=drop, credit_value=value, share_percent=share)

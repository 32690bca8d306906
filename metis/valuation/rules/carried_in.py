"""Carry-forwards a company brings from before its first fiscal year on METIS (docs/rules.md § 4.3
and § 4.4).

A company that joins METIS may still hold excess donations of earlier fiscal years (each with
its rate category and the last fiscal year in which it can be retained) and unused reductions
(each with the last fiscal year against whose tax it can be set). They are older than any
fiscal year given, so they are used before the carry-forwards born inside the input:

- excess donations: a FY first retains its own donations, then the carried-in excess (earliest
  ``last_fiscal_year_end`` first; for the same date Coluche, then 60 %, then 40 %), then the
  excess of the FYs given, oldest first (§ 4.3); each carried euro keeps its own rate
  (BOI-BIC-RICI-20-30-20 § 45);
- unused reductions: imputed before the FY's own reduction, earliest ``last_fiscal_year_end``
  first (art. 49 septies XB of annex III CGI, BOI-BIC-RICI-20-30-30 § 40).

Settled: an amount whose ``last_fiscal_year_end`` is before the first FY's closing date has
already expired and is refused; one usable beyond the 5th FY given (counting the first) is
refused too, since it was born before the first FY and the law allows 5 following FYs. An
amount still usable after the last FY given stays in the carry-forward balance.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import RulesError
from .money import ZERO, checked_amount

#: A carried-in amount can be used in the first FY given and the 4 after it (5 in all).
CARRIED_IN_USABLE_FYS = 5
MAX_CARRIED_IN_ITEMS = 50


class CarriedInPart(enum.StrEnum):
    """Rate part of carried-in excess donations, as the API spells it."""

    COLUCHE = "coluche"
    SIXTY = "60"
    FORTY = "40"


#: The rate each carried euro keeps, whatever the rule set of the FY that retains it.
CARRIED_IN_RATES = {
    CarriedInPart.COLUCHE: Decimal("0.60"),
    CarriedInPart.SIXTY: Decimal("0.60"),
    CarriedInPart.FORTY: Decimal("0.40"),
}


class InvalidCarriedIn(RulesError):
    """A carried-in amount is malformed, already expired or usable for too long."""

    code = "invalid_carried_in"


class CarriedInExpired(InvalidCarriedIn):
    code = "carried_in_expired"


class CarriedInUsableTooLong(InvalidCarriedIn):
    code = "carried_in_usable_too_long"


@dataclass(frozen=True, slots=True)
class CarriedInDonation:
    amount: Decimal
    part: str
    last_fiscal_year_end: date


@dataclass(frozen=True, slots=True)
class CarriedInReduction:
    amount: Decimal
    last_fiscal_year_end: date


@dataclass(frozen=True, slots=True)
class CarriedIn:
    donations: Sequence[CarriedInDonation] = ()
    reductions: Sequence[CarriedInReduction] = ()

    def __bool__(self) -> bool:
        return bool(self.donations or self.reductions)


NOTHING_CARRIED_IN = CarriedIn()


@dataclass(frozen=True, slots=True)
class CheckedCarriedIn:
    """A carried-in amount with the index of the last FY given in which it can be used
    (``len(fy_ends)`` when it is still usable after the last FY given)."""

    amount: Decimal
    part: CarriedInPart | None
    last_fiscal_year_end: date
    last_usable_index: int


def _last_usable_index(last_end: date, fy_ends: Sequence[date], field: str) -> int:
    usable = [index for index, end in enumerate(fy_ends) if end <= last_end]
    if not usable:
        raise CarriedInExpired(
            f"{field}: the last fiscal year in which it can be used ({last_end}) closes "
            f"before the first fiscal year given ({fy_ends[0]}): it has expired.",
            field=field,
        )
    index = usable[-1]
    if index >= CARRIED_IN_USABLE_FYS:
        raise CarriedInUsableTooLong(
            f"{field}: an amount carried in from before the first fiscal year can be used in "
            f"at most {CARRIED_IN_USABLE_FYS} fiscal years from the first one.",
            field=field,
        )
    if index == len(fy_ends) - 1 and fy_ends[-1] < last_end:
        return len(fy_ends)
    return index


def _checked_date(value, field: str) -> date:
    if not isinstance(value, date):
        raise InvalidCarriedIn(f"{field} must be a date.", field=field)
    return value


def check_carried_in(
    carried_in: CarriedIn, fy_ends: Sequence[date]
) -> tuple[list[CheckedCarriedIn], list[CheckedCarriedIn]]:
    """Validate ``carried_in`` against the FYs given; return (donations, reductions), each in
    the order they are used (earliest last usable FY first; Coluche, 60 %, 40 % for a date)."""
    for kind, items in (("donations", carried_in.donations), ("reductions", carried_in.reductions)):
        if len(items) > MAX_CARRIED_IN_ITEMS:
            raise InvalidCarriedIn(
                f"At most {MAX_CARRIED_IN_ITEMS} carried-in {kind}.", field=f"carried_in.{kind}"
            )
    order = list(CarriedInPart)
    donations = []
    for index, item in enumerate(carried_in.donations):
        prefix = f"carried_in.donations.{index}"
        try:
            part = CarriedInPart(str(item.part))
        except ValueError:
            raise InvalidCarriedIn(
                f"{prefix}.part must be one of coluche, 60, 40.", field=f"{prefix}.part"
            ) from None
        last_end = _checked_date(item.last_fiscal_year_end, f"{prefix}.last_fiscal_year_end")
        donations.append(
            CheckedCarriedIn(
                amount=checked_amount(item.amount, field=f"{prefix}.amount"),
                part=part,
                last_fiscal_year_end=last_end,
                last_usable_index=_last_usable_index(
                    last_end, fy_ends, f"{prefix}.last_fiscal_year_end"
                ),
            )
        )
    reductions = []
    for index, item in enumerate(carried_in.reductions):
        prefix = f"carried_in.reductions.{index}"
        last_end = _checked_date(item.last_fiscal_year_end, f"{prefix}.last_fiscal_year_end")
        reductions.append(
            CheckedCarriedIn(
                amount=checked_amount(item.amount, field=f"{prefix}.amount"),
                part=None,
                last_fiscal_year_end=last_end,
                last_usable_index=_last_usable_index(
                    last_end, fy_ends, f"{prefix}.last_fiscal_year_end"
                ),
            )
        )
    donations.sort(key=lambda d: (d.last_fiscal_year_end, order.index(d.part)))
    reductions.sort(key=lambda r: r.last_fiscal_year_end)
    return (
        [d for d in donations if d.amount > ZERO],
        [r for r in reductions if r.amount > ZERO],
    )

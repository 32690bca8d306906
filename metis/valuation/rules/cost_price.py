"""Cost price of a donation of skills (docs/rules.md § 3).

``hourly_cost = min(salary + charges, 3 × PMSS(year of the work)) / monthly_hours``, rounded to
the cent (half up). Only the hourly figure, its year and whether the cap applied are kept: the
salary is never stored (data minimisation, docs/rules.md § 7).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import InvalidHours
from .money import ZERO, checked_amount, round_cent
from .pmss import monthly_ss_ceiling
from .rulesets import rule_set_for_work_year

#: Contractual monthly hours of a 35-hour week (35 × 52 / 12), the default of docs/rules.md § 3.
DEFAULT_MONTHLY_HOURS = Decimal("151.67")


@dataclass(frozen=True, slots=True)
class HourlyCost:
    year: int
    hourly_cost: Decimal
    #: True when salary + charges exceeded the cap (equal to the cap is not "capped").
    capped: bool
    #: 3 × PMSS of ``year``.
    monthly_cap: Decimal


def _checked_hours(value, *, field: str) -> Decimal:
    if isinstance(value, float | bool):
        raise InvalidHours(f"{field} must be a Decimal", field=field)
    try:
        hours = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidHours(f"{field} is not a number", field=field) from None
    if not hours.is_finite() or hours <= 0:
        raise InvalidHours(f"{field} must be greater than 0", field=field)
    return hours


def monthly_salary_cap(year: int) -> Decimal:
    """3 × PMSS(year), rounded to the cent (docs/rules.md § 3)."""
    pmss = monthly_ss_ceiling(year)  # first: an unknown year is reported as such
    rule_set = rule_set_for_work_year(year)
    return round_cent(rule_set.salary_cap_pmss_multiple * pmss)


def hourly_cost(
    *,
    year: int,
    monthly_salary: Decimal,
    monthly_employer_charges: Decimal,
    monthly_hours: Decimal = DEFAULT_MONTHLY_HOURS,
) -> HourlyCost:
    """Hourly cost price of an employee (or grade) for work done in calendar ``year``.

    Raises UnknownPMSSYear, InvalidAmount (negative or > 2 decimals) or InvalidHours (<= 0).
    """
    cap = monthly_salary_cap(year)
    salary = checked_amount(monthly_salary, field="monthly_salary")
    charges = checked_amount(monthly_employer_charges, field="monthly_employer_charges")
    hours = _checked_hours(monthly_hours, field="monthly_hours")
    monthly_cost = salary + charges
    capped = monthly_cost > cap
    retained = cap if capped else monthly_cost
    return HourlyCost(
        year=year,
        hourly_cost=round_cent(retained / hours),
        capped=capped,
        monthly_cap=cap,
    )


def entry_value(hours: Decimal, hourly_cost: Decimal) -> Decimal:
    """Value of a validated time entry: ``hours × hourly_cost``, rounded to the cent (half up)."""
    hours_d = Decimal(hours)
    if not hours_d.is_finite() or hours_d < 0:
        raise InvalidHours("hours must not be negative", field="hours")
    cost = checked_amount(hourly_cost, field="hourly_cost")
    return round_cent(hours_d * cost)


def period_donation(entry_values: Iterable[Decimal], billed: Decimal = ZERO) -> Decimal:
    """Donation of a period: Σ entry values − amounts billed to the association, never below 0."""
    total = sum(
        (checked_amount(v, field="entry_value") for v in entry_values),
        start=ZERO,
    )
    billed_amount = checked_amount(billed, field="billed")
    return max(total - billed_amount, ZERO)

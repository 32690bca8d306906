"""docs/rules.md § 4.3 and § 4.4: amounts carried in from before the first fiscal year given."""

from datetime import date
from decimal import Decimal

import pytest

from metis.valuation.rules import (
    CarriedIn,
    CarriedInDonation,
    CarriedInReduction,
    InvalidAmount,
    InvalidCarriedIn,
    compute_reduction,
)

from .test_rules_reduction import fy

D = Decimal


def donation(amount, part, last):
    return CarriedInDonation(amount=D(amount), part=part, last_fiscal_year_end=last)


def test_carried_in_donations_and_reduction_worked_case():
    """Two FYs closing 31/12, cap 20,000 € each (turnover ≤ 4 M€).

    Carried in: 4,000 € at 40 % usable until 2024, 5,000 € at 60 % until 2025, 3,000 € Coluche
    until 2026 (used in that order: earliest last FY first); a 1,200 € reduction until 2028.

    FY 2024: own 12,000 € (60 %), room 20,000 − 12,000 = 8,000 → 4,000 @ 40 % then 4,000 of the
    5,000 @ 60 %. Reduction = 12,000 × 0.6 + 4,000 × 0.4 + 4,000 × 0.6
    = 7,200 + 1,600 + 2,400 = 11,200.00. IS 10,000: the carried-in 1,200 first, then
    8,800 of 11,200 → 2,400 carried. Donations carried: 1,000 (60 %) + 3,000 (Coluche).

    FY 2025: own 19,500 €, room 500 → 500 of the 1,000 @ 60 % (whose last FY is 2025: the
    other 500 expire). Reduction = 19,500 × 0.6 + 500 × 0.6 = 11,700 + 300 = 12,000.00.
    IS 5,000: 2,400 of 2024 first, then 2,600 of 2025 → 9,400 carried. Donations carried:
    3,000 (Coluche, until 2026).
    """
    carried = CarriedIn(
        donations=[
            donation("5000.00", "60", date(2025, 12, 31)),
            donation("3000.00", "coluche", date(2026, 12, 31)),
            donation("4000.00", "40", date(2024, 12, 31)),
        ],
        reductions=[
            CarriedInReduction(amount=D("1200.00"), last_fiscal_year_end=date(2028, 12, 31))
        ],
    )
    y2024, y2025 = compute_reduction(
        [fy(2024, "2000000", "10000", "12000"), fy(2025, "0", "5000", "19500")], carried
    )
    assert y2024.cap == D("20000.00")
    assert y2024.retained_donations == D("20000.00")
    assert y2024.retained_from_carry_forward == D("8000.00")
    assert [(p.rate, p.amount) for p in y2024.retained_parts] == [
        (D("0.60"), D("12000.00")),
        (D("0.40"), D("4000.00")),
        (D("0.60"), D("4000.00")),
    ]
    assert y2024.reduction == D("11200.00")
    assert y2024.reduction_imputed == D("10000.00")
    assert y2024.reduction_imputed_from_carry_forward == D("1200.00")
    assert y2024.reduction_carry_forward_balance == D("2400.00")
    assert y2024.donation_carry_forward_balance == D("4000.00")
    assert y2024.expired_donations == D("0.00")

    assert y2025.retained_from_carry_forward == D("500.00")
    assert y2025.reduction == D("12000.00")
    assert y2025.reduction_imputed == D("5000.00")
    assert y2025.reduction_carry_forward_balance == D("9400.00")
    assert y2025.expired_donations == D("500.00")
    assert y2025.donation_carry_forward_balance == D("3000.00")


def test_carried_in_excess_is_retained_before_the_excess_of_the_years_given():
    """FY 2024: turnover 0 → cap 20,000; own 25,000 → 5,000 excess (60 %, born 2024); the
    carried-in 3,000 @ 60 % (until 2026) finds no room. Reduction 20,000 × 0.6 = 12,000.00.
    FY 2025: own 14,000, room 6,000 → carried-in 3,000 first (older), then 3,000 of 2024's
    excess; 2,000 of it stays. Reduction (14,000 + 3,000 + 3,000) × 0.6 = 12,000.00.
    """
    carried = CarriedIn(donations=[donation("3000.00", "60", date(2026, 12, 31))])
    y2024, y2025 = compute_reduction(
        [fy(2024, "0", "0", "25000"), fy(2025, "0", "0", "14000")], carried
    )
    assert y2024.retained_from_carry_forward == D("0.00")
    assert y2024.donation_carry_forward_balance == D("8000.00")
    assert y2025.retained_parts[1].origin_fy_end is None  # carried in, used first
    assert y2025.retained_parts[1].amount == D("3000.00")
    assert y2025.retained_parts[2].origin_fy_end == date(2024, 12, 31)
    assert y2025.retained_parts[2].amount == D("3000.00")
    assert y2025.reduction == D("12000.00")
    assert y2025.donation_carry_forward_balance == D("2000.00")


def test_carried_in_reduction_expires_after_its_last_fiscal_year():
    """Reduction 1,000 usable until 2024; IS 2024 = 300 → 300 imputed, 700 expire in 2024;
    no donation, so nothing else."""
    carried = CarriedIn(
        reductions=[
            CarriedInReduction(amount=D("1000.00"), last_fiscal_year_end=date(2024, 12, 31))
        ]
    )
    y2024, y2025 = compute_reduction(
        [fy(2024, "0", "300", "0"), fy(2025, "0", "300", "0")], carried
    )
    assert y2024.reduction_imputed == D("300.00")
    assert y2024.expired_reductions == D("700.00")
    assert y2025.reduction_imputed == D("0.00")
    assert y2025.reduction_carry_forward_balance == D("0.00")


def test_carried_in_still_usable_after_the_last_year_given_stays_in_the_balance():
    carried = CarriedIn(donations=[donation("1000.00", "40", date(2027, 12, 31))])
    (only,) = compute_reduction([fy(2024, "0", "0", "20000")], carried)
    assert only.donation_carry_forward_balance == D("1000.00")
    assert only.expired_donations == D("0.00")


def test_carried_in_keeps_its_rate_inside_the_40_percent_band():
    """Own 2,010,000 € with a turnover of 1 G€ (cap 5,000,000): 2,000,000 @ 60 % and
    10,000 @ 40 %; carried-in 1,000 @ 60 % → reduction 1,200,000 + 4,000 + 600 = 1,204,600."""
    carried = CarriedIn(donations=[donation("1000.00", "60", date(2024, 12, 31))])
    (only,) = compute_reduction([fy(2024, "1000000000", "0", "2010000")], carried)
    assert only.reduction == D("1204600.00")


@pytest.mark.parametrize(
    ("carried", "field"),
    [
        (
            CarriedIn(donations=[donation("10.00", "60", date(2023, 12, 31))]),
            "carried_in.donations.0.last_fiscal_year_end",
        ),
        (
            CarriedIn(donations=[donation("10.00", "50", date(2024, 12, 31))]),
            "carried_in.donations.0.part",
        ),
        (
            CarriedIn(
                reductions=[
                    CarriedInReduction(amount=D("1.00"), last_fiscal_year_end=date(2024, 12, 31)),
                    CarriedInReduction(amount=D("1.00"), last_fiscal_year_end=date(2029, 12, 31)),
                ]
            ),
            "carried_in.reductions.1.last_fiscal_year_end",
        ),
    ],
)
def test_invalid_carried_in_is_refused(carried, field):
    years = [fy(2024 + n, "0", "0", "0") for n in range(6)]
    with pytest.raises(InvalidCarriedIn) as exc:
        compute_reduction(years, carried)
    assert exc.value.field == field


def test_carried_in_amount_with_three_decimals_is_refused():
    carried = CarriedIn(donations=[donation("10.001", "60", date(2024, 12, 31))])
    with pytest.raises(InvalidAmount) as exc:
        compute_reduction([fy(2024, "0", "0", "0")], carried)
    assert exc.value.field == "carried_in.donations.0.amount"

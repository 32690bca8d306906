"""docs/rules.md § 4: cap, rates, carry-forwards and imputation (pure, no database)."""

from datetime import date
from decimal import Decimal

import pytest

from metis.valuation.rules import (
    DonationCategory,
    FiscalYearInput,
    FiscalYearsNotConsecutive,
    FiscalYearsOutOfOrder,
    InvalidAmount,
    NoFiscalYear,
    NoRuleSetForFiscalYear,
    compute_reduction,
    fiscal_year_cap,
    rule_set_for,
)

D = Decimal


def fy(end, turnover, tax, donations, coluche="0"):
    if isinstance(end, int):
        end = date(end, 12, 31)
    return FiscalYearInput(
        fiscal_year_end=end,
        turnover_excl_tax=D(turnover),
        corporate_tax_due=D(tax),
        donations=D(donations),
        coluche_donations=D(coluche),
    )


def years_from(first_year, rows):
    return [fy(first_year + i, *row) for i, row in enumerate(rows)]


# --- § 4.1 cap ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("turnover", "cap"),
    [
        ("10000000", "50000.00"),  # docs/rules.md: turnover 10 M€ → cap 50,000 €
        ("1000000", "20000.00"),  # docs/rules.md: turnover 1 M€ → cap 20,000 €
        ("4000000", "20000.00"),  # exactly at the floor
        ("0", "20000.00"),
        ("4000001.00", "20000.01"),  # 20,000.005 → half up
        ("4000000.99", "20000.00"),  # 20,000.00495 → 20,000.00
    ],
)
def test_cap(turnover, cap):
    assert fiscal_year_cap(D(turnover), rule_set_for(date(2024, 12, 31))) == D(cap)


def test_cap_examples_through_compute():
    results = compute_reduction([fy(2024, "10000000", "0", "0"), fy(2025, "1000000", "0", "0")])
    assert [r.cap for r in results] == [D("50000.00"), D("20000.00")]
    assert results[0].cap_from_turnover is True
    assert results[1].cap_from_turnover is False


# --- the worked example, every column -------------------------------------------------

WORKED_EXAMPLE = [
    fy(2024, "2000000", "8000", "30000"),
    fy(2025, "6000000", "40000", "22000"),
    fy(2026, "3000000", "5000", "0"),
]

# FY, cap, retained own, retained carried, reduction, imputed, reduction carried, excess carried
WORKED_EXAMPLE_TABLE = [
    (2024, "20000", "20000", "0", "12000.00", "8000", "4000.00", "10000"),
    (2025, "30000", "22000", "8000", "18000.00", "22000", "0", "2000"),
    (2026, "20000", "0", "2000", "1200.00", "1200", "0", "0"),
]


@pytest.mark.parametrize("row", WORKED_EXAMPLE_TABLE, ids=lambda row: str(row[0]))
def test_worked_example(row):
    year, cap, own, carried, reduction, imputed, reduction_carried, excess_carried = row
    result = compute_reduction(WORKED_EXAMPLE)[year - 2024]
    assert result.fiscal_year_end == date(year, 12, 31)
    assert result.cap == D(cap)
    assert result.retained_own == D(own)
    assert result.retained_from_carry_forward == D(carried)
    assert result.retained_donations == D(own) + D(carried)
    assert result.reduction == D(reduction)
    assert result.reduction_imputed == D(imputed)
    assert result.reduction_carry_forward_balance == D(reduction_carried)
    assert result.donation_carry_forward_balance == D(excess_carried)
    assert result.expired_donations == 0
    assert result.expired_reductions == 0


def test_worked_example_details():
    r2024, r2025, r2026 = compute_reduction(WORKED_EXAMPLE)
    assert r2024.excess_donations == D("10000.00")
    assert r2025.excess_donations == 0
    assert r2026.excess_donations == 0
    # 2025: 22,000 imputed = 4,000 carried from 2024 + 18,000 of its own (oldest first)
    assert [(p.origin_fy_end.year, p.amount) for p in r2025.imputed_parts] == [
        (2024, D("4000.00")),
        (2025, D("18000.00")),
    ]
    assert r2025.reduction_imputed_from_carry_forward == D("4000.00")
    assert r2025.own_reduction_imputed == D("18000.00")
    # 2026 retains 2,000 of 2024's excess, at the 60 % rate it had in 2024
    assert [(p.origin_fy_end.year, p.rate, p.amount) for p in r2026.retained_parts] == [
        (2024, D("0.60"), D("2000.00"))
    ]
    # all amounts are 2-place Decimals
    for result in (r2024, r2025, r2026):
        for name in (
            "cap",
            "retained_donations",
            "retained_from_carry_forward",
            "excess_donations",
            "reduction",
            "reduction_imputed",
            "reduction_carry_forward_balance",
            "donation_carry_forward_balance",
            "expired_donations",
            "expired_reductions",
        ):
            assert getattr(result, name).as_tuple().exponent == -2, name


# --- § 4.2 rates ----------------------------------------------------------------------


def test_reduced_rate_above_two_million_of_the_fys_own_donations():
    # turnover 1 bn € → cap 5 M€; 3 M€ of donations: 2 M€ at 60 % + 1 M€ at 40 %.
    (result,) = compute_reduction([fy(2024, "1000000000", "10000000", "3000000")])
    assert result.retained_donations == D("3000000.00")
    assert result.reduction == D("1600000.00")
    assert [(p.category, p.amount) for p in result.retained_parts] == [
        (DonationCategory.BASE_RATE, D("2000000.00")),
        (DonationCategory.REDUCED_RATE, D("1000000.00")),
    ]


def test_coluche_donations_stay_at_60_and_do_not_count_towards_the_threshold():
    (result,) = compute_reduction(
        [fy(2024, "1000000000", "10000000", "2000000", coluche="1000000")]
    )
    assert result.reduction == D("1800000.00")  # 3 M€ all at 60 %


def test_cap_retains_coluche_then_60_then_40():
    # cap 2.5 M€ (turnover 500 M€): Coluche 0.3 M€, 60 % 2 M€, then 0.2 M€ of the 40 % part
    (result,) = compute_reduction([fy(2024, "500000000", "0", "3000000", coluche="300000")])
    assert result.cap == D("2500000.00")
    assert [(p.category, p.amount) for p in result.retained_parts] == [
        (DonationCategory.COLUCHE, D("300000.00")),
        (DonationCategory.BASE_RATE, D("2000000.00")),
        (DonationCategory.REDUCED_RATE, D("200000.00")),
    ]
    assert result.reduction == D("1460000.00")  # 2.3 M€ × 60 % + 0.2 M€ × 40 %
    assert result.excess_donations == D("800000.00")
    assert [(p.category, p.rate, p.amount) for p in result.excess_parts] == [
        (DonationCategory.REDUCED_RATE, D("0.40"), D("800000.00"))
    ]


def test_carried_euros_keep_their_rate_and_category_order():
    years = [
        # cap 20,000: 25,000 Coluche + 10,000 at 60 % → 20,000 Coluche retained;
        # excess 5,000 Coluche + 10,000 at 60 %
        fy(2024, "0", "0", "10000", coluche="25000"),
        # own 0; cap 20,000 → 5,000 Coluche then 10,000 at 60 % from 2024
        fy(2025, "0", "0", "0"),
    ]
    r2024, r2025 = compute_reduction(years)
    assert [(p.category, p.amount) for p in r2024.excess_parts] == [
        (DonationCategory.COLUCHE, D("5000.00")),
        (DonationCategory.BASE_RATE, D("10000.00")),
    ]
    assert [(p.category, p.amount) for p in r2025.retained_parts] == [
        (DonationCategory.COLUCHE, D("5000.00")),
        (DonationCategory.BASE_RATE, D("10000.00")),
    ]
    assert r2025.reduction == D("9000.00")


def test_reduction_is_rounded_once_per_fiscal_year_half_up():
    # 0.01 × 60 % = 0.006 and 0.01 × 40 % … rounded once over the sum of the parts.
    (result,) = compute_reduction([fy(2024, "0", "0", "0.01", coluche="0.01")])
    assert result.raw_reduction == D("0.012")
    assert result.reduction == D("0.01")
    (result,) = compute_reduction([fy(2024, "0", "0", "0.05")])
    assert result.reduction == D("0.03")  # 0.030
    (result,) = compute_reduction([fy(2024, "0", "100", "0.25")])
    assert result.reduction == D("0.15")
    (result,) = compute_reduction([fy(2024, "0", "100", "0.01", coluche="0.04")])
    assert result.raw_reduction == D("0.030")
    (result,) = compute_reduction([fy(2024, "0", "100", "1.01", coluche="1.01")])
    assert result.reduction == D("1.21")  # 1.212 → 1.21 (two parts rounded apart: 0.61+0.61)


# --- § 4.3 excess donations -----------------------------------------------------------


def test_excess_is_retained_oldest_first():
    years = years_from(
        2021,
        [
            ("0", "0", "30000"),  # excess 10,000
            ("0", "0", "25000"),  # excess 5,000
            ("6000000", "0", "20000"),  # cap 30,000: own 20,000 + 10,000 from 2021
            ("0", "0", "15000"),  # cap 20,000: own 15,000 + 5,000 from 2022
        ],
    )
    results = compute_reduction(years)
    assert [(p.origin_fy_end.year, p.amount) for p in results[2].retained_parts] == [
        (2023, D("20000.00")),
        (2021, D("10000.00")),
    ]
    assert [(p.origin_fy_end.year, p.amount) for p in results[3].retained_parts] == [
        (2024, D("15000.00")),
        (2022, D("5000.00")),
    ]
    assert results[3].donation_carry_forward_balance == 0


def test_excess_expires_after_the_fifth_following_fiscal_year():
    rows = [("0", "0", "30000")] + [("0", "0", "20000")] * 6
    results = compute_reduction(years_from(2021, rows))
    # 2021's 10,000 excess usable in 2022..2026 — no room — expires at the end of 2026.
    assert [r.expired_donations for r in results] == [D(0)] * 5 + [D("10000.00"), D(0)]
    assert [r.donation_carry_forward_balance for r in results] == [D("10000.00")] * 5 + [D(0)] * 2
    assert results[5].expired_donation_parts[0].origin_fy_end == date(2021, 12, 31)


def test_excess_used_in_the_fifth_following_fiscal_year():
    rows = [("0", "0", "30000")] + [("0", "0", "20000")] * 4 + [("0", "0", "12000")]
    results = compute_reduction(years_from(2021, rows))
    assert results[5].retained_from_carry_forward == D("8000.00")
    assert results[5].expired_donations == D("2000.00")


def test_carry_forward_counts_fiscal_years_not_calendar_years():
    years = [
        fy(date(2022, 12, 31), "0", "0", "30000"),  # excess 10,000
        fy(date(2023, 6, 30), "0", "0", "20000"),  # short FY (change of closing date)
        fy(date(2024, 6, 30), "0", "0", "20000"),
        fy(date(2025, 6, 30), "0", "0", "20000"),
        fy(date(2026, 6, 30), "0", "0", "20000"),
        fy(date(2027, 6, 30), "0", "0", "20000"),  # 5th following FY: still usable …
        fy(date(2028, 6, 30), "0", "0", "0"),  # … but no longer here
    ]
    results = compute_reduction(years)
    assert results[5].expired_donations == D("10000.00")
    assert results[6].retained_donations == 0


# --- § 4.4 imputation -----------------------------------------------------------------


def test_reduction_carried_forward_and_used_oldest_first():
    results = compute_reduction(
        years_from(
            2021,
            [
                (
                    "0",
                    "1000",
                    "20000",
                ),  # reduction 12,000, imputed 1,000, carried 11,000
                ("0", "5000", "10000"),  # reduction 6,000; tax 5,000 → 5,000 of 2021's
                ("0", "20000", "0"),  # 6,000 of 2021's then 6,000 of 2022's
            ],
        )
    )
    assert [(p.origin_fy_end.year, p.amount) for p in results[1].imputed_parts] == [
        (2021, D("5000.00"))
    ]
    assert results[1].reduction_carry_forward_balance == D("12000.00")
    assert [(p.origin_fy_end.year, p.amount) for p in results[2].imputed_parts] == [
        (2021, D("6000.00")),
        (2022, D("6000.00")),
    ]
    assert results[2].reduction_imputed == D("12000.00")
    assert results[2].reduction_carry_forward_balance == 0


def test_reduction_expires_after_the_fifth_following_fiscal_year_and_is_never_refunded():
    rows = [("0", "0", "20000")] + [("0", "1000", "0")] * 6
    results = compute_reduction(years_from(2021, rows))
    assert [r.reduction_imputed for r in results] == [D(0)] + [D("1000.00")] * 5 + [D(0)]
    assert results[5].expired_reductions == D("7000.00")  # 12,000 − 5 × 1,000
    assert results[5].reduction_carry_forward_balance == 0
    assert results[6].reduction_imputed == 0


def test_imputation_never_exceeds_the_tax_due():
    (result,) = compute_reduction([fy(2024, "0", "0", "20000")])
    assert result.reduction == D("12000.00")
    assert result.reduction_imputed == 0
    assert result.reduction_carry_forward_balance == D("12000.00")


# --- input validation -----------------------------------------------------------------


def test_rule_set_applies_to_every_later_fiscal_year():
    assert rule_set_for(date(2020, 12, 31)) is rule_set_for(date(2040, 6, 30))
    (result,) = compute_reduction([fy(2031, "0", "0", "100")])  # no PMSS needed here
    assert result.reduction == D("60.00")


def test_fiscal_year_closing_before_31_december_2020_is_refused():
    with pytest.raises(NoRuleSetForFiscalYear) as exc:
        compute_reduction([fy(date(2020, 12, 30), "0", "0", "0")])
    assert exc.value.index == 0


@pytest.mark.parametrize(
    ("ends", "error"),
    [
        ([date(2024, 12, 31), date(2024, 12, 31)], FiscalYearsOutOfOrder),
        ([date(2025, 12, 31), date(2024, 12, 31)], FiscalYearsOutOfOrder),
        (
            [date(2023, 12, 31), date(2025, 12, 31)],
            FiscalYearsNotConsecutive,
        ),  # 2024 missing
        (
            [date(2023, 12, 31), date(2025, 7, 1)],
            FiscalYearsNotConsecutive,
        ),  # > 18 months
    ],
)
def test_fiscal_years_must_be_consecutive_and_increasing(ends, error):
    with pytest.raises(error) as exc:
        compute_reduction([fy(end, "0", "0", "0") for end in ends])
    assert exc.value.index == 1
    assert exc.value.field == "fiscal_year_end"


@pytest.mark.parametrize(
    "ends",
    [
        [date(2023, 12, 31), date(2025, 6, 30)],  # 18 months: a long FY
        [date(2024, 12, 31), date(2025, 3, 31)],  # a short FY
        [date(2024, 2, 29), date(2025, 8, 31)],
    ],
)
def test_short_and_long_fiscal_years_are_accepted(ends):
    assert len(compute_reduction([fy(end, "0", "0", "0") for end in ends])) == 2


def test_no_fiscal_year():
    with pytest.raises(NoFiscalYear):
        compute_reduction([])


@pytest.mark.parametrize(
    "field",
    ["turnover_excl_tax", "corporate_tax_due", "donations", "coluche_donations"],
)
@pytest.mark.parametrize("value", [D("-0.01"), D("1.001"), D("NaN")])
def test_invalid_amounts(field, value):
    values = {
        "turnover_excl_tax": D(0),
        "corporate_tax_due": D(0),
        "donations": D(0),
        "coluche_donations": D(0),
    }
    values[field] = value
    years = [
        fy(2024, "0", "0", "0"),
        FiscalYearInput(fiscal_year_end=date(2025, 12, 31), **values),
    ]
    with pytest.raises(InvalidAmount) as exc:
        compute_reduction(years)
    assert (exc.value.field, exc.value.index) == (field, 1)

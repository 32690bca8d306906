"""docs/rules.md § 3: hourly cost price, entry value, donation of a period (pure, no database)."""

from decimal import Decimal

import pytest

from metis.valuation.rules import (
    DEFAULT_MONTHLY_HOURS,
    InvalidAmount,
    InvalidHours,
    UnknownPMSSYear,
    entry_value,
    hourly_cost,
    known_pmss_years,
    monthly_salary_cap,
    monthly_ss_ceiling,
    period_donation,
)

D = Decimal


@pytest.mark.parametrize(
    ("year", "pmss", "cap"),
    [
        (2020, "3428", "10284.00"),  # 2020 PMSS (arrêté of 2 December 2019)
        (2021, "3428", "10284.00"),
        (2022, "3428", "10284.00"),
        (2023, "3666", "10998.00"),
        (2024, "3864", "11592.00"),
        (2025, "3925", "11775.00"),
        (2026, "4005", "12015.00"),
    ],
)
def test_pmss_table_of_rules_md(year, pmss, cap):
    assert monthly_ss_ceiling(year) == D(pmss)
    assert monthly_salary_cap(year) == D(cap)


@pytest.mark.parametrize("year", [2019, max(known_pmss_years()) + 1, 1, 9999])
def test_year_without_pmss_is_an_error(year):
    with pytest.raises(UnknownPMSSYear) as exc:
        hourly_cost(
            year=year,
            monthly_salary=D("5000.00"),
            monthly_employer_charges=D("2100.00"),
        )
    assert exc.value.year == year
    assert exc.value.field == "year"


def test_example_uncapped():
    """docs/rules.md § 3: 5,000 + 2,100 = 7,100 €/month, 151.67 h → 46.81 €/h; 6.5 h → 304.27 €."""
    result = hourly_cost(
        year=2026, monthly_salary=D("5000.00"), monthly_employer_charges=D("2100.00")
    )
    assert result.hourly_cost == D("46.81")
    assert str(result.hourly_cost) == "46.81"
    assert result.capped is False
    assert result.monthly_cap == D("12015.00")
    assert entry_value(D("6.5"), result.hourly_cost) == D("304.27")


def test_example_capped():
    """docs/rules.md § 3: 11,000 + 4,600 = 15,600 > 12,015 (2026) → 79.22 €/h, capped."""
    result = hourly_cost(
        year=2026,
        monthly_salary=D("11000.00"),
        monthly_employer_charges=D("4600.00"),
        monthly_hours=D("151.67"),
    )
    assert result.hourly_cost == D("79.22")
    assert result.capped is True
    assert result.monthly_cap == D("12015.00")


def test_default_monthly_hours_is_a_35_hour_week():
    assert D("151.67") == DEFAULT_MONTHLY_HOURS


def test_cap_uses_the_pmss_of_the_year_of_the_work():
    # 11,000 € is above 3 × PMSS 2021 (10,284) but not above 3 × PMSS 2026 (12,015).
    capped = hourly_cost(year=2021, monthly_salary=D("11000"), monthly_employer_charges=D("0"))
    uncapped = hourly_cost(year=2026, monthly_salary=D("11000"), monthly_employer_charges=D("0"))
    assert capped.capped and capped.hourly_cost == D("67.81")  # 10284 / 151.67 = 67.805...
    assert not uncapped.capped and uncapped.hourly_cost == D("72.53")  # 11000 / 151.67


def test_exactly_at_the_cap_is_not_capped():
    result = hourly_cost(year=2026, monthly_salary=D("12015"), monthly_employer_charges=D("0"))
    assert result.capped is False
    assert result.hourly_cost == D("79.22")


def test_rounding_is_half_up_to_the_cent():
    # 100.125 € / 1 h → 100.13 (half up; banker's rounding would give 100.12)
    assert entry_value(D("0.5"), D("200.25")) == D("100.13")
    assert hourly_cost(
        year=2026,
        monthly_salary=D("100.25"),
        monthly_employer_charges=D("0"),
        monthly_hours=D("10"),
    ).hourly_cost == D("10.03")  # 10.025 → 10.03


def test_other_monthly_hours():
    result = hourly_cost(
        year=2025,
        monthly_salary=D("3000"),
        monthly_employer_charges=D("1200"),
        monthly_hours=D("169"),
    )
    assert result.hourly_cost == D("24.85")  # 4200 / 169 = 24.852...


@pytest.mark.parametrize("hours", [D("0"), D("-1"), D("NaN")])
def test_monthly_hours_must_be_positive(hours):
    with pytest.raises(InvalidHours):
        hourly_cost(
            year=2026,
            monthly_salary=D("1"),
            monthly_employer_charges=D("1"),
            monthly_hours=hours,
        )


@pytest.mark.parametrize(
    ("salary", "charges", "field"),
    [
        (D("-1"), D("0"), "monthly_salary"),
        (D("0"), D("-0.01"), "monthly_employer_charges"),
        (D("1.001"), D("0"), "monthly_salary"),
        (D("Infinity"), D("0"), "monthly_salary"),
    ],
)
def test_invalid_amounts(salary, charges, field):
    with pytest.raises(InvalidAmount) as exc:
        hourly_cost(year=2026, monthly_salary=salary, monthly_employer_charges=charges)
    assert exc.value.field == field


def test_period_donation_is_values_minus_billed_never_below_zero():
    values = [D("304.27"), D("46.81")]
    assert period_donation(values) == D("351.08")
    assert period_donation(values, D("51.08")) == D("300.00")
    assert period_donation(values, D("1000.00")) == D("0.00")
    assert period_donation([]) == D("0.00")

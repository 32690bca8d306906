"""Property tests of the multi-year reduction (docs/rules.md § 4): conservation and caps."""

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from metis.valuation.rules import FiscalYearInput, compute_reduction
from metis.valuation.rules.reduction import add_months

CARRY_FYS = 5


def amounts(max_cents):
    return st.integers(min_value=0, max_value=max_cents).map(
        lambda cents: Decimal(cents).scaleb(-2)
    )


def zero_or(strategy):
    return st.one_of(st.just(Decimal("0.00")), strategy)


# Turnovers below and above the 4 M€ where the 0.5 % share passes the floor, and some huge
# ones so that the cap exceeds 2 M€ and the 40 % rate shows up.
turnovers = st.one_of(amounts(400_000_000), amounts(1_000_000_000_000))
donations = st.one_of(amounts(5_000_000), amounts(100_000_000), amounts(500_000_000_00))
taxes = st.one_of(amounts(3_000_000), amounts(200_000_000))


@st.composite
def fiscal_years(draw):
    count = draw(st.integers(min_value=1, max_value=14))
    end = date(draw(st.integers(min_value=2021, max_value=2030)), 12, 31)
    years = []
    for _ in range(count):
        years.append(
            FiscalYearInput(
                fiscal_year_end=end,
                turnover_excl_tax=draw(turnovers),
                corporate_tax_due=draw(zero_or(taxes)),
                donations=draw(zero_or(donations)),
                coluche_donations=draw(zero_or(donations)),
            )
        )
        end = add_months(end, draw(st.sampled_from([12, 12, 12, 3, 6, 18])))
    return years


@settings(deadline=None, max_examples=300)
@given(fiscal_years())
def test_every_euro_given_is_retained_once_still_carried_or_expired(years):
    results = compute_reduction(years)
    index_of = {fy.fiscal_year_end: i for i, fy in enumerate(years)}
    given_by_origin = {fy.fiscal_year_end: fy.donations + fy.coluche_donations for fy in years}
    used_by_origin = defaultdict(Decimal)
    for index, result in enumerate(results):
        for part in result.retained_parts + result.expired_donation_parts:
            used_by_origin[part.origin_fy_end] += part.amount
            # never retained or expired beyond the 5th following FY
            assert 0 <= index - index_of[part.origin_fy_end] <= CARRY_FYS
    still_carried = results[-1].donation_carry_forward_balance
    for origin, amount in given_by_origin.items():
        assert used_by_origin[origin] <= amount
        if index_of[origin] < len(years) - 1 - CARRY_FYS:
            assert used_by_origin[origin] == amount  # fully retained or expired by now
    assert sum(given_by_origin.values()) == (
        sum(r.retained_donations for r in results)
        + still_carried
        + sum(r.expired_donations for r in results)
    )
    assert sum(given_by_origin.values()) - sum(used_by_origin.values()) == still_carried


@settings(deadline=None, max_examples=300)
@given(fiscal_years())
def test_every_euro_of_reduction_is_imputed_once_still_carried_or_expired(years):
    results = compute_reduction(years)
    index_of = {fy.fiscal_year_end: i for i, fy in enumerate(years)}
    computed_by_origin = {r.fiscal_year_end: r.reduction for r in results}
    used_by_origin = defaultdict(Decimal)
    for index, result in enumerate(results):
        for part in result.imputed_parts + result.expired_reduction_parts:
            used_by_origin[part.origin_fy_end] += part.amount
            assert 0 <= index - index_of[part.origin_fy_end] <= CARRY_FYS
        # oldest first: origins of the imputed parts are increasing
        origins = [p.origin_fy_end for p in result.imputed_parts]
        assert origins == sorted(origins)
    for origin, amount in computed_by_origin.items():
        assert used_by_origin[origin] <= amount
        if index_of[origin] < len(years) - 1 - CARRY_FYS:
            assert used_by_origin[origin] == amount
    assert sum(computed_by_origin.values()) == (
        sum(r.reduction_imputed for r in results)
        + results[-1].reduction_carry_forward_balance
        + sum(r.expired_reductions for r in results)
    )


@settings(deadline=None, max_examples=300)
@given(fiscal_years())
def test_caps_tax_due_and_balances(years):
    results = compute_reduction(years)
    donation_balance = reduction_balance = Decimal(0)
    for fy, result in zip(years, results, strict=True):
        # no FY retains more than its cap, nor imputes more than its tax due
        assert result.retained_donations <= result.cap
        assert result.reduction_imputed <= fy.corporate_tax_due
        assert result.cap == max(Decimal(20000), fy.turnover_excl_tax * Decimal("0.005")).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        # greedy: room left in the cap means nothing usable was left aside
        if result.retained_donations < result.cap:
            assert result.excess_donations == 0
            assert result.donation_carry_forward_balance == 0
            assert result.expired_donations == 0
        if result.reduction_imputed < fy.corporate_tax_due:
            assert result.reduction_carry_forward_balance == 0
            assert result.expired_reductions == 0
        # own donations are retained before carried ones
        assert result.retained_own == min(fy.donations + fy.coluche_donations, result.cap)
        assert result.excess_donations == fy.donations + fy.coluche_donations - result.retained_own
        # the reduction is Σ retained × rate, rounded once, half up
        raw = sum(p.amount * p.rate for p in result.retained_parts)
        assert result.reduction == Decimal(raw).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert all(p.rate in (Decimal("0.60"), Decimal("0.40")) for p in result.retained_parts)
        # balances move by what comes in, what is used and what expires
        donation_balance += (
            result.excess_donations - result.retained_from_carry_forward - result.expired_donations
        )
        reduction_balance += result.reduction - result.reduction_imputed - result.expired_reductions
        assert result.donation_carry_forward_balance == donation_balance >= 0
        assert result.reduction_carry_forward_balance == reduction_balance >= 0


@settings(deadline=None, max_examples=200)
@given(fiscal_years())
def test_forty_percent_only_above_two_million_of_a_fys_own_non_coluche_donations(years):
    results = compute_reduction(years)
    reduced_by_origin = defaultdict(Decimal)
    for result in results:
        for part in result.retained_parts + result.expired_donation_parts:
            if part.rate == Decimal("0.40"):
                reduced_by_origin[part.origin_fy_end] += part.amount
    for fy in years:
        assert reduced_by_origin[fy.fiscal_year_end] <= max(
            fy.donations - Decimal(2_000_000), Decimal(0)
        )

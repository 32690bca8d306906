"""Multi-year tax reduction for corporate donations (art. 238 bis CGI; docs/rules.md § 4).

Input: the company's consecutive fiscal years (FY), oldest first. Output: one result per FY.
Every convention of docs/rules.md § 4 is applied here and cited where it is applied; the choices
docs/rules.md leaves open are settled in docs/decisions/0003-tax-rules.md and recalled as
"Settled:" below.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .carried_in import (
    CARRIED_IN_RATES,
    NOTHING_CARRIED_IN,
    CarriedIn,
    CarriedInPart,
    check_carried_in,
)
from .errors import (
    FiscalYearsNotConsecutive,
    FiscalYearsOutOfOrder,
    NoFiscalYear,
    NoRuleSetForFiscalYear,
)
from .money import ZERO, checked_amount, round_cent
from .rulesets import RuleSet238bis, rule_set_for

#: Settled: two successive FYs are "consecutive" when the later one closes after the earlier
#: one and at most this many months later. A FY may legally be shorter than 12 months (change
#: of closing date) and a long FY after a change of closing date is possible, but a gap of
#: more than 18 months means a FY is missing — and carry-forwards count FYs, so a missing FY
#: would silently extend them.
MAX_MONTHS_BETWEEN_FY_ENDS = 18


class DonationCategory(enum.StrEnum):
    """Rate category of a donated euro, in the order a FY retains them (docs/rules.md § 4.3)."""

    COLUCHE = "coluche"  # "loi Coluche" bodies: base rate whatever the amount (§ 4.2)
    BASE_RATE = "base_rate"  # up to the threshold of the FY's non-Coluche donations: 60 %
    REDUCED_RATE = "reduced_rate"  # fraction above the threshold: 40 %


RETENTION_ORDER = (
    DonationCategory.COLUCHE,
    DonationCategory.BASE_RATE,
    DonationCategory.REDUCED_RATE,
)


@dataclass(frozen=True, slots=True)
class FiscalYearInput:
    fiscal_year_end: date
    turnover_excl_tax: Decimal
    corporate_tax_due: Decimal
    #: Donations of the FY to bodies other than "loi Coluche" ones (skills sponsorship valued
    #: at cost price plus any other donation sharing the same cap).
    donations: Decimal
    #: Donations of the FY to "loi Coluche" bodies (docs/rules.md § 4.2).
    coluche_donations: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class DonationPart:
    """An amount of donations of one origin FY and one rate category.

    ``origin_fy_end`` is None for an amount carried in from before the first FY given; its
    ``usable_until`` is then the last FY closing date in which it can be retained.
    """

    origin_fy_end: date | None
    category: DonationCategory
    rate: Decimal
    amount: Decimal
    usable_until: date | None = None

    @property
    def raw_reduction(self) -> Decimal:
        """``amount × rate`` before the once-per-FY rounding (docs/rules.md § 4.5)."""
        return self.amount * self.rate


@dataclass(frozen=True, slots=True)
class ReductionPart:
    """An amount of tax reduction that originated in one FY (None: carried in from before the
    first FY given, usable until ``usable_until``)."""

    origin_fy_end: date | None
    amount: Decimal
    usable_until: date | None = None


@dataclass(frozen=True, slots=True)
class FiscalYearResult:
    # --- the API's fields -------------------------------------------------------------
    fiscal_year_end: date
    cap: Decimal
    #: Own and carried-forward donations retained within the cap, in total.
    retained_donations: Decimal
    #: Of which carried forward from earlier FYs.
    retained_from_carry_forward: Decimal
    #: This FY's own donations (Coluche included) not retained: they are carried forward.
    excess_donations: Decimal
    #: Reduction computed for this FY (Σ retained × rate, rounded once).
    reduction: Decimal
    #: All reductions (carried forward, then this FY's own) set against this FY's tax.
    reduction_imputed: Decimal
    #: Reductions still usable after this FY.
    reduction_carry_forward_balance: Decimal
    #: Excess donations still usable after this FY.
    donation_carry_forward_balance: Decimal
    #: Excess donations that expired at the end of this FY.
    expired_donations: Decimal
    #: Reductions that expired at the end of this FY.
    expired_reductions: Decimal
    # --- detail for explanations (simulator, statements) ------------------------------
    rule_set: RuleSet238bis = field(repr=False)
    turnover_excl_tax: Decimal = ZERO
    corporate_tax_due: Decimal = ZERO
    donations: Decimal = ZERO
    coluche_donations: Decimal = ZERO
    #: True when the cap is the turnover share, False when it is the floor.
    cap_from_turnover: bool = False
    #: This FY's own donations split by rate category (before the cap).
    own_parts: tuple[DonationPart, ...] = ()
    #: What was retained, own parts first then carried-forward parts, oldest first.
    retained_parts: tuple[DonationPart, ...] = ()
    #: This FY's own donations not retained, by category.
    excess_parts: tuple[DonationPart, ...] = ()
    #: Reductions set against this FY's tax, oldest first (this FY's own is last).
    imputed_parts: tuple[ReductionPart, ...] = ()
    expired_donation_parts: tuple[DonationPart, ...] = ()
    expired_reduction_parts: tuple[ReductionPart, ...] = ()
    #: Σ retained × rate before rounding.
    raw_reduction: Decimal = ZERO

    @property
    def own_donations(self) -> Decimal:
        return self.donations + self.coluche_donations

    @property
    def retained_own(self) -> Decimal:
        return self.retained_donations - self.retained_from_carry_forward

    @property
    def reduction_imputed_from_carry_forward(self) -> Decimal:
        return sum(
            (p.amount for p in self.imputed_parts if p.origin_fy_end != self.fiscal_year_end),
            start=ZERO,
        )

    @property
    def own_reduction_imputed(self) -> Decimal:
        return self.reduction_imputed - self.reduction_imputed_from_carry_forward

    @property
    def own_reduction_carried(self) -> Decimal:
        """Part of this FY's own reduction not imputed on its own tax (carried forward)."""
        return self.reduction - self.own_reduction_imputed

    @property
    def rates(self) -> tuple[Decimal, ...]:
        """Distinct rates applied to the retained donations, highest first."""
        return tuple(sorted({p.rate for p in self.retained_parts if p.amount}, reverse=True))


def _last_day_of_month(year: int, month: int) -> int:
    next_month_first = date(year + month // 12, month % 12 + 1, 1)
    return (next_month_first - date(year, month, 1)).days


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a month end maps to a month end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = _last_day_of_month(year, month)
    if day.day == _last_day_of_month(day.year, day.month):
        return date(year, month, last_day)
    return date(year, month, min(day.day, last_day))


def validate_fiscal_years(
    years: Sequence[FiscalYearInput],
) -> list[tuple[FiscalYearInput, RuleSet238bis]]:
    """Check the sequence and the amounts; return each FY with its rule set.

    Raises NoFiscalYear, NoRuleSetForFiscalYear (a FY closing before 31 Dec 2020),
    FiscalYearsOutOfOrder, FiscalYearsNotConsecutive or InvalidAmount, each with the ``index``
    of the FY and the ``field`` at fault.
    """
    if not years:
        raise NoFiscalYear("At least one fiscal year is needed.", field="years")
    checked: list[tuple[FiscalYearInput, RuleSet238bis]] = []
    previous_end: date | None = None
    for index, fy in enumerate(years):
        end = fy.fiscal_year_end
        try:
            rule_set = rule_set_for(end)
        except NoRuleSetForFiscalYear as exc:
            exc.index = index
            raise
        if previous_end is not None:
            if end <= previous_end:
                raise FiscalYearsOutOfOrder(
                    f"Fiscal year {index} closes on {end}, "
                    f"not after the previous one ({previous_end}).",
                    field="fiscal_year_end",
                    index=index,
                )
            if end > add_months(previous_end, MAX_MONTHS_BETWEEN_FY_ENDS):
                raise FiscalYearsNotConsecutive(
                    f"Fiscal year {index} closes on {end}, more than "
                    f"{MAX_MONTHS_BETWEEN_FY_ENDS} months after the previous one ({previous_end}): "
                    "a fiscal year is missing.",
                    field="fiscal_year_end",
                    index=index,
                )
        previous_end = end
        amounts = {
            name: checked_amount(getattr(fy, name), field=name, index=index)
            for name in (
                "turnover_excl_tax",
                "corporate_tax_due",
                "donations",
                "coluche_donations",
            )
        }
        checked.append((FiscalYearInput(fiscal_year_end=end, **amounts), rule_set))
    return checked


def fiscal_year_cap(turnover_excl_tax: Decimal, rule_set: RuleSet238bis) -> Decimal:
    """``max(floor, rate × turnover)``, rounded to the cent half up (docs/rules.md § 4.1, § 4.5).

    Settled: the turnover and the floor are not prorated for a FY shorter or longer than
    12 months (docs/rules.md states no proration).
    """
    return round_cent(max(rule_set.floor, rule_set.turnover_rate * turnover_excl_tax))


def split_own_donations(fy: FiscalYearInput, rule_set: RuleSet238bis) -> tuple[DonationPart, ...]:
    """The FY's own donations by rate category, in retention order (docs/rules.md § 4.2).

    Settled: the threshold applies to the FY's own non-Coluche donations (those made in the
    FY, before the cap), not prorated for a FY that is not 12 months long; Coluche donations
    stay at the base rate and do not count towards it.
    """
    threshold = rule_set.reduced_rate_threshold
    base = min(fy.donations, threshold)
    parts = (
        DonationPart(
            fy.fiscal_year_end,
            DonationCategory.COLUCHE,
            rule_set.rate,
            fy.coluche_donations,
        ),
        DonationPart(fy.fiscal_year_end, DonationCategory.BASE_RATE, rule_set.rate, base),
        DonationPart(
            fy.fiscal_year_end,
            DonationCategory.REDUCED_RATE,
            rule_set.reduced_rate,
            fy.donations - base,
        ),
    )
    return tuple(p for p in parts if p.amount > 0)


@dataclass(slots=True)
class _DonationLot:
    """Carried-forward excess of one origin FY and one category."""

    part: DonationPart
    remaining: Decimal
    last_usable_index: int


@dataclass(slots=True)
class _ReductionLot:
    origin_fy_end: date | None
    remaining: Decimal
    last_usable_index: int
    usable_until: date | None = None


def _take(lot_part: DonationPart, amount: Decimal) -> DonationPart:
    return DonationPart(
        lot_part.origin_fy_end, lot_part.category, lot_part.rate, amount, lot_part.usable_until
    )


_CARRIED_IN_CATEGORY = {
    CarriedInPart.COLUCHE: DonationCategory.COLUCHE,
    CarriedInPart.SIXTY: DonationCategory.BASE_RATE,
    CarriedInPart.FORTY: DonationCategory.REDUCED_RATE,
}


def _carried_in_lots(carried_in: CarriedIn, fy_ends) -> tuple[list, list]:
    """Opening lots of the amounts carried in from before the first FY (see carried_in.py)."""
    donations, reductions = check_carried_in(carried_in, fy_ends)
    donation_lots = [
        _DonationLot(
            DonationPart(
                None,
                _CARRIED_IN_CATEGORY[d.part],
                CARRIED_IN_RATES[d.part],
                d.amount,
                d.last_fiscal_year_end,
            ),
            d.amount,
            d.last_usable_index,
        )
        for d in donations
    ]
    reduction_lots = [
        _ReductionLot(None, r.amount, r.last_usable_index, r.last_fiscal_year_end)
        for r in reductions
    ]
    return donation_lots, reduction_lots


def compute_reduction(
    years: Sequence[FiscalYearInput], carried_in: CarriedIn = NOTHING_CARRIED_IN
) -> list[FiscalYearResult]:
    """Compute cap, retention, reduction, imputation and both carry-forwards FY by FY.

    ``years`` are consecutive FYs in increasing order (see :func:`validate_fiscal_years`);
    ``carried_in`` holds what the company carries in from before the first one (used before
    any carry-forward born in the FYs given, being older).
    """
    checked = validate_fiscal_years(years)
    # Oldest first: carried-in lots, then each FY's excess in RETENTION_ORDER.
    donation_lots, reduction_lots = _carried_in_lots(
        carried_in, [fy.fiscal_year_end for fy, _rule_set in checked]
    )
    results: list[FiscalYearResult] = []

    for index, (fy, rule_set) in enumerate(checked):
        cap = fiscal_year_cap(fy.turnover_excl_tax, rule_set)
        room = cap

        # § 4.3: a FY first retains its own donations — Coluche, then 60 %, then 40 %
        # (convention) — within its cap; what is left over is carried forward.
        own_parts = split_own_donations(fy, rule_set)
        retained: list[DonationPart] = []
        excess: list[DonationPart] = []
        for part in own_parts:
            kept = min(part.amount, room)
            room -= kept
            if kept:
                retained.append(_take(part, kept))
            if part.amount - kept:
                excess.append(_take(part, part.amount - kept))

        # § 4.3: then carried-forward excess, oldest FY first and, inside each FY's excess,
        # the same category order; each carried euro keeps the rate of the FY it was given in.
        retained_from_carry = ZERO
        for lot in donation_lots:
            if not room:
                break
            kept = min(lot.remaining, room)
            if kept:
                lot.remaining -= kept
                room -= kept
                retained_from_carry += kept
                retained.append(_take(lot.part, kept))

        # § 4.3: unused excess expires after the 5th following FY (counted in FYs).
        # Settled: it is reported in the expired_* of that 5th following FY.
        expired_donation_parts = tuple(
            _take(lot.part, lot.remaining)
            for lot in donation_lots
            if lot.last_usable_index == index and lot.remaining
        )
        donation_lots = [
            lot for lot in donation_lots if lot.last_usable_index > index and lot.remaining
        ]
        donation_lots.extend(
            _DonationLot(part, part.amount, index + rule_set.donation_carry_forward_fys)
            for part in excess
        )

        # § 4.5: the FY's reduction is Σ retained × rate over its parts, rounded once.
        raw_reduction = sum((p.raw_reduction for p in retained), start=ZERO)
        reduction = round_cent(raw_reduction)

        # § 4.4: set against this FY's IS, oldest reduction first (carried ones before the
        # FY's own); the rest is carried to the 5 following FYs, then expires; no refund.
        # Settled: a reduction of FY n is usable on FYs n … n+5 and expires at the end of n+5.
        tax_left = fy.corporate_tax_due
        imputed_parts: list[ReductionPart] = []
        if reduction:
            reduction_lots.append(
                _ReductionLot(
                    fy.fiscal_year_end,
                    reduction,
                    index + rule_set.reduction_carry_forward_fys,
                )
            )
        for lot in reduction_lots:
            if not tax_left:
                break
            used = min(lot.remaining, tax_left)
            if used:
                lot.remaining -= used
                tax_left -= used
                imputed_parts.append(ReductionPart(lot.origin_fy_end, used, lot.usable_until))
        expired_reduction_parts = tuple(
            ReductionPart(lot.origin_fy_end, lot.remaining, lot.usable_until)
            for lot in reduction_lots
            if lot.last_usable_index == index and lot.remaining
        )
        reduction_lots = [
            lot for lot in reduction_lots if lot.last_usable_index > index and lot.remaining
        ]

        def total(parts) -> Decimal:
            return sum((p.amount for p in parts), start=ZERO)

        results.append(
            FiscalYearResult(
                fiscal_year_end=fy.fiscal_year_end,
                cap=cap,
                retained_donations=total(retained),
                retained_from_carry_forward=retained_from_carry,
                excess_donations=total(excess),
                reduction=reduction,
                reduction_imputed=total(imputed_parts),
                reduction_carry_forward_balance=sum(
                    (lot.remaining for lot in reduction_lots), start=ZERO
                ),
                donation_carry_forward_balance=sum(
                    (lot.remaining for lot in donation_lots), start=ZERO
                ),
                expired_donations=total(expired_donation_parts),
                expired_reductions=total(expired_reduction_parts),
                rule_set=rule_set,
                turnover_excl_tax=fy.turnover_excl_tax,
                corporate_tax_due=fy.corporate_tax_due,
                donations=fy.donations,
                coluche_donations=fy.coluche_donations,
                cap_from_turnover=rule_set.turnover_rate * fy.turnover_excl_tax > rule_set.floor,
                own_parts=own_parts,
                retained_parts=tuple(retained),
                excess_parts=tuple(excess),
                imputed_parts=tuple(imputed_parts),
                expired_donation_parts=expired_donation_parts,
                expired_reduction_parts=expired_reduction_parts,
                raw_reduction=raw_reduction,
            )
        )
    return results

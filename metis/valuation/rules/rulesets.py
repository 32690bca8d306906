"""Dated rule sets of art. 238 bis CGI (docs/rules.md § 3 and § 4).

The platform never uses a bare constant for a tax parameter: each parameter belongs to a rule
set that applies to the fiscal years (FY) closing on or after its ``applies_from_fy_end`` date,
until a later rule set supersedes it. To change the law, append a new :class:`RuleSet238bis`
to :data:`RULE_SETS_238BIS`; results for earlier FYs stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import NoRuleSetForFiscalYear


@dataclass(frozen=True, slots=True)
class RuleSet238bis:
    #: First FY closing date the rule set applies to (inclusive).
    applies_from_fy_end: date
    #: Cap floor: donations are retained within max(floor, turnover_rate × turnover) (§ 4.1).
    floor: Decimal
    turnover_rate: Decimal
    #: Rate on the FY's donations up to ``reduced_rate_threshold`` and on "loi Coluche" ones.
    rate: Decimal
    #: Rate on the fraction of the FY's (non-Coluche) donations above the threshold (§ 4.2).
    reduced_rate: Decimal
    reduced_rate_threshold: Decimal
    #: Number of following FYs to which excess donations are carried forward (§ 4.3).
    donation_carry_forward_fys: int
    #: Number of following FYs against whose tax an unused reduction may be set (§ 4.4).
    reduction_carry_forward_fys: int
    #: Salary + employer charges retained per month within this multiple of the PMSS (§ 3).
    salary_cap_pmss_multiple: Decimal
    legal_basis: str


RULE_SETS_238BIS: tuple[RuleSet238bis, ...] = (
    RuleSet238bis(
        # LF 2020 (loi 2019-1479) art. 134: 20,000 € floor, 40 % above 2 M€, 3 × PMSS cap,
        # for FYs closing from 31 Dec 2020.
        applies_from_fy_end=date(2020, 12, 31),
        floor=Decimal(20000),
        turnover_rate=Decimal("0.005"),
        rate=Decimal("0.60"),
        reduced_rate=Decimal("0.40"),
        reduced_rate_threshold=Decimal(2000000),
        donation_carry_forward_fys=5,
        reduction_carry_forward_fys=5,
        salary_cap_pmss_multiple=Decimal(3),
        legal_basis="Art. 238 bis CGI as amended by LF 2020 art. 134",
    ),
)

#: Earliest FY closing date the platform supports.
FIRST_SUPPORTED_FY_END: date = min(r.applies_from_fy_end for r in RULE_SETS_238BIS)


def rule_set_for(fiscal_year_end: date) -> RuleSet238bis:
    """The rule set in force for a FY closing on ``fiscal_year_end``.

    The latest rule set whose ``applies_from_fy_end`` is on or before the closing date wins;
    a closing date before every rule set raises :class:`NoRuleSetForFiscalYear`.
    """
    applicable = [r for r in RULE_SETS_238BIS if r.applies_from_fy_end <= fiscal_year_end]
    if not applicable:
        raise NoRuleSetForFiscalYear(fiscal_year_end)
    return max(applicable, key=lambda r: r.applies_from_fy_end)


def rule_set_for_work_year(year: int) -> RuleSet238bis:
    """Rule set used to value work done in calendar ``year`` (cost-price cap, § 3).

    Convention: the rule set in force for a FY closing on 31 December of that year.
    """
    return rule_set_for(date(year, 12, 31))

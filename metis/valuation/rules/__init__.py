"""Pure tax-rules core of METIS valuation (docs/rules.md § 3 and § 4). No Django import here."""

from .carried_in import (
    CarriedIn,
    CarriedInDonation,
    CarriedInPart,
    CarriedInReduction,
    InvalidCarriedIn,
)
from .cost_price import (
    DEFAULT_MONTHLY_HOURS,
    HourlyCost,
    entry_value,
    hourly_cost,
    monthly_salary_cap,
    period_donation,
)
from .errors import (
    FiscalYearsNotConsecutive,
    FiscalYearsOutOfOrder,
    InvalidAmount,
    InvalidHours,
    NoFiscalYear,
    NoRuleSetForFiscalYear,
    RulesError,
    UnknownPMSSYear,
)
from .money import CENT, ZERO, round_cent
from .pmss import PMSS_BY_YEAR, known_pmss_years, monthly_ss_ceiling
from .reduction import (
    MAX_MONTHS_BETWEEN_FY_ENDS,
    DonationCategory,
    DonationPart,
    FiscalYearInput,
    FiscalYearResult,
    ReductionPart,
    compute_reduction,
    fiscal_year_cap,
    split_own_donations,
    validate_fiscal_years,
)
from .rulesets import (
    FIRST_SUPPORTED_FY_END,
    RULE_SETS_238BIS,
    RuleSet238bis,
    rule_set_for,
)

__all__ = [
    "CENT",
    "DEFAULT_MONTHLY_HOURS",
    "FIRST_SUPPORTED_FY_END",
    "MAX_MONTHS_BETWEEN_FY_ENDS",
    "PMSS_BY_YEAR",
    "RULE_SETS_238BIS",
    "ZERO",
    "CarriedIn",
    "CarriedInDonation",
    "CarriedInPart",
    "CarriedInReduction",
    "DonationCategory",
    "DonationPart",
    "FiscalYearInput",
    "FiscalYearResult",
    "FiscalYearsNotConsecutive",
    "FiscalYearsOutOfOrder",
    "HourlyCost",
    "InvalidAmount",
    "InvalidCarriedIn",
    "InvalidHours",
    "NoFiscalYear",
    "NoRuleSetForFiscalYear",
    "ReductionPart",
    "RuleSet238bis",
    "RulesError",
    "UnknownPMSSYear",
    "compute_reduction",
    "entry_value",
    "fiscal_year_cap",
    "hourly_cost",
    "known_pmss_years",
    "monthly_salary_cap",
    "monthly_ss_ceiling",
    "period_donation",
    "round_cent",
    "rule_set_for",
    "split_own_donations",
    "validate_fiscal_years",
]

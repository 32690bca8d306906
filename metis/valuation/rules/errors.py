"""Errors raised by the pure tax-rules core.

Each error carries a stable ``code`` (so adapters such as the JSON API can translate it) and,
when it concerns one input, the ``field`` and the ``index`` of the fiscal year at fault.
"""

from __future__ import annotations


class RulesError(ValueError):
    """Base class: the input cannot be valued under the rules we know."""

    code = "rules_error"

    def __init__(self, message: str, *, field: str | None = None, index: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.index = index


class UnknownPMSSYear(RulesError):
    """No monthly social-security ceiling (PMSS) is recorded for that calendar year."""

    code = "unknown_pmss_year"

    def __init__(self, year: int, *, field: str | None = "year"):
        super().__init__(
            f"No PMSS is recorded for {year}; add it to metis/valuation/rules/pmss.py.",
            field=field,
        )
        self.year = year


class NoRuleSetForFiscalYear(RulesError):
    """No art. 238 bis rule set covers a fiscal year closing on that date."""

    code = "no_rule_set"

    def __init__(self, fiscal_year_end, *, field: str | None = "fiscal_year_end", index=None):
        super().__init__(
            f"No art. 238 bis rule set applies to a fiscal year closing on {fiscal_year_end}.",
            field=field,
            index=index,
        )
        self.fiscal_year_end = fiscal_year_end


class InvalidAmount(RulesError):
    """An amount is negative, has more than 2 decimal places, or is not a finite Decimal."""

    code = "invalid_amount"


class InvalidHours(RulesError):
    """Monthly hours must be strictly positive."""

    code = "invalid_hours"


class FiscalYearsOutOfOrder(RulesError):
    """Fiscal years must be given in strictly increasing order of their closing date."""

    code = "fiscal_years_out_of_order"


class FiscalYearsNotConsecutive(RulesError):
    """Two successive fiscal years are too far apart: a fiscal year is missing in between."""

    code = "fiscal_years_not_consecutive"


class NoFiscalYear(RulesError):
    """At least one fiscal year is needed."""

    code = "no_fiscal_year"

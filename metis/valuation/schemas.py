"""Pydantic schemas of the valuation JSON API (amounts are 2-decimal strings on output)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, Strict
from pydantic_core import PydanticCustomError

from .rules import CENT
from .rules.carried_in import MAX_CARRIED_IN_ITEMS

#: Largest accepted amount: 13 digits before the decimal point (below 10,000 billion €).
AMOUNT_MAX_DIGITS = 15
MAX_FISCAL_YEARS = 50
#: A month has at most 31 × 24 hours.
MAX_MONTHLY_HOURS = Decimal(744)

AmountIn = Annotated[
    Decimal,
    Field(
        ge=0,
        decimal_places=2,
        max_digits=AMOUNT_MAX_DIGITS,
        allow_inf_nan=False,
        description="Amount in euros, at most 2 decimals; a JSON string (or number).",
        json_schema_extra={"examples": ["1000.00"]},
    ),
]


def _two_places(value: Decimal) -> str:
    return str(value.quantize(CENT) + 0)


AmountOut = Annotated[
    Decimal,
    PlainSerializer(_two_places, return_type=str),
    Field(
        json_schema_extra={"type": "string", "pattern": r"^\d+\.\d{2}$", "examples": ["1000.00"]}
    ),
]


def _not_a_bool(value):
    # JSON true/false would otherwise be read as the integers 1/0.
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Year = Annotated[int, BeforeValidator(_not_a_bool)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HourlyCostIn(_In):
    year: Year = Field(description="Calendar year of the work.", examples=[2026])
    monthly_salary: AmountIn = Field(description="Monthly gross salary (€).")
    monthly_employer_charges: AmountIn = Field(description="Monthly employer social charges (€).")
    monthly_hours: (
        Annotated[Decimal, Field(gt=0, le=MAX_MONTHLY_HOURS, decimal_places=2, allow_inf_nan=False)]
        | None
    ) = Field(default=None, description="Contractual monthly hours (> 0); default 151.67.")


class HourlyCostOut(BaseModel):
    hourly_cost: AmountOut
    capped: bool
    monthly_cap: AmountOut


class FiscalYearIn(_In):
    fiscal_year_end: Annotated[date, Strict()] = Field(description="Closing date (YYYY-MM-DD).")
    turnover_excl_tax: AmountIn
    corporate_tax_due: AmountIn
    donations: AmountIn = Field(description="Donations of the FY, excluding 'loi Coluche' ones.")
    coluche_donations: AmountIn = Field(
        default=Decimal("0.00"), description="Donations to 'loi Coluche' bodies."
    )


LastFiscalYearEnd = Annotated[date, Strict()]


class CarriedInDonationIn(_In):
    amount: AmountIn
    part: Literal["coluche", "60", "40"] = Field(
        description="Rate part of the excess: 'coluche', '60' (60 %) or '40' (40 %)."
    )
    last_fiscal_year_end: LastFiscalYearEnd = Field(
        description="Closing date of the last fiscal year in which it can be retained."
    )


class CarriedInReductionIn(_In):
    amount: AmountIn
    last_fiscal_year_end: LastFiscalYearEnd = Field(
        description="Closing date of the last fiscal year against whose tax it can be set."
    )


class CarriedInIn(_In):
    donations: list[CarriedInDonationIn] = Field(
        default_factory=list, max_length=MAX_CARRIED_IN_ITEMS
    )
    reductions: list[CarriedInReductionIn] = Field(
        default_factory=list, max_length=MAX_CARRIED_IN_ITEMS
    )


class TaxReductionIn(_In):
    years: list[FiscalYearIn] = Field(
        min_length=1,
        max_length=MAX_FISCAL_YEARS,
        description="Consecutive fiscal years, in increasing order of closing date.",
    )
    carried_in: CarriedInIn | None = Field(
        default=None,
        description=(
            "Excess donations and unused reductions carried in from before the first fiscal "
            "year, used oldest first (earliest last_fiscal_year_end first) after each year's "
            "own donations and before the year's own reduction."
        ),
    )


class FiscalYearOut(BaseModel):
    fiscal_year_end: date
    cap: AmountOut
    retained_donations: AmountOut
    retained_from_carry_forward: AmountOut
    excess_donations: AmountOut
    reduction: AmountOut
    reduction_imputed: AmountOut
    reduction_carry_forward_balance: AmountOut
    donation_carry_forward_balance: AmountOut
    expired_donations: AmountOut
    expired_reductions: AmountOut


class TaxReductionOut(BaseModel):
    years: list[FiscalYearOut]


class FieldError(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    message: str
    #: The fields at fault, as dotted paths (``years.0.donations``).
    fields: list[str]
    errors: list[FieldError]

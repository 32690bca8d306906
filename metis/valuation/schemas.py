"""Pydantic schemas of the valuation JSON API (amounts are 2-decimal strings on output)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .rules import CENT, known_pmss_years
from .rules.carried_in import MAX_CARRIED_IN_ITEMS

#: Largest accepted amount: 13 digits before the decimal point (below 10,000 billion €).
AMOUNT_MAX_DIGITS = 15
AMOUNT_MAX = Decimal("9999999999999.99")
MAX_FISCAL_YEARS = 50
#: A month has at most 31 × 24 hours.
MAX_MONTHLY_HOURS = Decimal(744)
#: The last fiscal year end the API values (date arithmetic of carry-forwards stays in range).
LAST_SUPPORTED_FY_END = date(2100, 12, 31)

# The OpenAPI document states exactly what the server accepts (schemathesis checks it): a JSON
# integer, or a string with at most 2 decimals. A JSON number with decimals is refused (binary
# floats cannot carry cents exactly): write "1000.50".
AMOUNT_PATTERN = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
#: 0 < hours <= 744, at most 2 decimals.
MONTHLY_HOURS_PATTERN = (
    r"^(0\.(0[1-9]|[1-9][0-9]?)"
    r"|([1-9][0-9]?|[1-6][0-9]{2}|7[0-3][0-9]|74[0-3])(\.[0-9]{1,2})?"
    r"|744(\.00?)?)$"
)
#: Closing dates from 31/12/2020 (the first rule set) to 31/12/2100.
FY_END_PATTERN = (
    r"^(2020-12-31|(202[1-9]|20[3-9][0-9]|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$"
)


def _error(code, text):
    return PydanticCustomError(code, text)


def _parse_decimal(value, *, pattern: str, maximum: Decimal, positive: bool) -> Decimal:
    """A JSON integer or a string matching `pattern`; each refusal has its own error code
    (api_errors maps them to French messages)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _error("decimal_type", "Decimal input should be an integer or a string")
    try:
        number = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        raise _error("decimal_parsing", "Input should be a valid decimal") from None
    if not number.is_finite():
        raise _error("finite_number", "Input should be a finite number")
    if positive and number <= 0:
        raise _error("greater_than", "Input should be greater than 0")
    if number < 0:
        raise _error("greater_than_equal", "Input should be greater than or equal to 0")
    if number > maximum:  # first: quantizing a huge number overflows the decimal context
        raise _error("less_than_equal", "Input is too large")
    if number.as_tuple().exponent < -2 and number != number.quantize(CENT):
        raise _error("decimal_max_places", "At most 2 decimal places")
    if isinstance(value, str) and not re.fullmatch(pattern, value):
        raise _error("decimal_parsing", "Input should be a valid decimal")
    if isinstance(value, float) and not value.is_integer():
        raise _error("decimal_as_string", "A number with decimals goes as a string")
    return number


def _amount(value):
    return _parse_decimal(value, pattern=AMOUNT_PATTERN, maximum=AMOUNT_MAX, positive=False)


def _monthly_hours(value):
    return _parse_decimal(
        value, pattern=MONTHLY_HOURS_PATTERN, maximum=MAX_MONTHLY_HOURS, positive=True
    )


AmountIn = Annotated[
    Decimal,
    BeforeValidator(_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": int(AMOUNT_MAX)},
                {"type": "string", "pattern": AMOUNT_PATTERN},
            ],
            "description": "Amount in euros: a JSON integer, or a string with at most 2 decimals.",
            "examples": ["1000.00"],
        }
    ),
]

MonthlyHoursIn = Annotated[
    Decimal,
    BeforeValidator(_monthly_hours),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": int(MAX_MONTHLY_HOURS)},
                {"type": "string", "pattern": MONTHLY_HOURS_PATTERN},
            ],
            "examples": ["151.67"],
        }
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


def _year(value):
    # JSON true/false would otherwise be read as the integers 1/0; a string is 4 digits.
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}", value):
        raise PydanticCustomError("int_parsing", "Input should be a valid integer")
    return value


_PMSS_YEARS = known_pmss_years()
#: A calendar year whose PMSS is known (the server refuses the others: no ceiling to apply).
Year = Annotated[
    int,
    BeforeValidator(_year),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": _PMSS_YEARS[0], "maximum": _PMSS_YEARS[-1]},
                {
                    "type": "string",
                    "pattern": "^(" + "|".join(str(y) for y in _PMSS_YEARS) + ")$",
                },
            ]
        }
    ),
]


def _not_too_late(value: date) -> date:
    if value > LAST_SUPPORTED_FY_END:
        raise PydanticCustomError("fiscal_year_end_too_late", "Fiscal year end after 2100")
    return value


FiscalYearEnd = Annotated[
    date,
    Strict(),
    AfterValidator(_not_too_late),
    WithJsonSchema({"type": "string", "format": "date", "pattern": FY_END_PATTERN}),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HourlyCostIn(_In):
    year: Year = Field(description="Calendar year of the work.", examples=[2026])
    monthly_salary: AmountIn = Field(description="Monthly gross salary (€).")
    monthly_employer_charges: AmountIn = Field(description="Monthly employer social charges (€).")
    monthly_hours: MonthlyHoursIn | None = Field(
        default=None, description="Contractual monthly hours (> 0, at most 744); default 151.67."
    )


class HourlyCostOut(BaseModel):
    hourly_cost: AmountOut
    capped: bool
    monthly_cap: AmountOut


class FiscalYearIn(_In):
    fiscal_year_end: FiscalYearEnd = Field(
        description="Closing date (YYYY-MM-DD), from 2020-12-31 to 2100-12-31."
    )
    turnover_excl_tax: AmountIn
    corporate_tax_due: AmountIn
    donations: AmountIn = Field(description="Donations of the FY, excluding 'loi Coluche' ones.")
    coluche_donations: AmountIn = Field(
        default=Decimal("0.00"), description="Donations to 'loi Coluche' bodies."
    )


# Bounded like a fiscal year end: date arithmetic stays in range.
LastFiscalYearEnd = FiscalYearEnd


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

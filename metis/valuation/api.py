"""Public JSON API of the valuation rules: hourly cost price and multi-year tax reduction.

No authentication, no session, no CSRF token. The endpoints parse their JSON body themselves
so that every bad input — malformed JSON included — answers 400 with the French error body of
:mod:`metis.valuation.api_errors`, whatever exception handlers the API object installs; the
request schemas are still published in the OpenAPI document.
"""

from __future__ import annotations

import copy

import ninja
from django.core.exceptions import RequestDataTooBig
from pydantic import BaseModel, ValidationError

from . import api_errors
from .rules import (
    DEFAULT_MONTHLY_HOURS,
    CarriedIn,
    CarriedInDonation,
    CarriedInReduction,
    FiscalYearInput,
    RulesError,
    compute_reduction,
    hourly_cost,
)
from .schemas import ErrorOut, HourlyCostIn, HourlyCostOut, TaxReductionIn, TaxReductionOut

router = ninja.Router(tags=["valuation"])


def inline_schema(model: type[BaseModel]) -> dict:
    """JSON schema of ``model`` with its ``$defs`` inlined (valid anywhere in OpenAPI)."""
    schema = model.model_json_schema(mode="validation")
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref.startswith("#/$defs/"):
                return resolve(copy.deepcopy(definitions[ref.removeprefix("#/$defs/")]))
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def _json_body(model: type[BaseModel]) -> dict:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_schema(model)}},
        }
    }


def _parse(request, model: type[BaseModel]):
    """(payload, None) or (None, (status, error body))."""
    try:
        body = request.body
    except RequestDataTooBig:
        return None, (413, api_errors.error_body([("body", api_errors.BODY_TOO_LARGE)]))
    try:
        return model.model_validate_json(body), None
    except ValidationError as exc:
        return None, (400, api_errors.from_validation_error(exc))


@router.post(
    "/valuation/hourly-cost",
    operation_id="valuation_hourly_cost",
    response={200: HourlyCostOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    summary="Hourly cost price of an employee (docs/rules.md § 3)",
    description=(
        "min(salary + employer charges, 3 × PMSS of the year) / monthly hours, rounded to the "
        "cent half up. Amounts are strings with 2 decimals (numbers accepted on input)."
    ),
    openapi_extra=_json_body(HourlyCostIn),
)
def post_hourly_cost(request):
    payload, errors = _parse(request, HourlyCostIn)
    if errors:
        return ninja.Status(*errors)
    try:
        result = hourly_cost(
            year=payload.year,
            monthly_salary=payload.monthly_salary,
            monthly_employer_charges=payload.monthly_employer_charges,
            monthly_hours=payload.monthly_hours
            if payload.monthly_hours is not None
            else DEFAULT_MONTHLY_HOURS,
        )
    except RulesError as exc:
        return ninja.Status(400, api_errors.from_rules_error(exc))
    return ninja.Status(
        200,
        {
            "hourly_cost": result.hourly_cost,
            "capped": result.capped,
            "monthly_cap": result.monthly_cap,
        },
    )


@router.post(
    "/tax/reduction",
    operation_id="tax_reduction",
    response={200: TaxReductionOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    summary="Art. 238 bis tax reduction over consecutive fiscal years (docs/rules.md § 4)",
    description=(
        "Cap, retained donations, reduction, imputation on corporate tax, carry-forwards of "
        "excess donations and unused reductions (5 following fiscal years each) and expiries, "
        "fiscal year by fiscal year. `donations` excludes `coluche_donations`. Optional "
        "`carried_in`: excess donations (amount, part `coluche`/`60`/`40`, last fiscal year "
        "usable) and unused reductions (amount, last fiscal year usable) from before the first "
        "fiscal year, used oldest first after each year's own donations."
    ),
    openapi_extra=_json_body(TaxReductionIn),
)
def post_tax_reduction(request):
    payload, errors = _parse(request, TaxReductionIn)
    if errors:
        return ninja.Status(*errors)
    years = [
        FiscalYearInput(
            fiscal_year_end=year.fiscal_year_end,
            turnover_excl_tax=year.turnover_excl_tax,
            corporate_tax_due=year.corporate_tax_due,
            donations=year.donations,
            coluche_donations=year.coluche_donations,
        )
        for year in payload.years
    ]
    carried = payload.carried_in
    carried_in = CarriedIn(
        donations=[
            CarriedInDonation(d.amount, d.part, d.last_fiscal_year_end) for d in carried.donations
        ]
        if carried
        else (),
        reductions=[
            CarriedInReduction(r.amount, r.last_fiscal_year_end) for r in carried.reductions
        ]
        if carried
        else (),
    )
    try:
        results = compute_reduction(years, carried_in)
    except RulesError as exc:
        return ninja.Status(400, api_errors.from_rules_error(exc, prefix=("years",)))
    return ninja.Status(
        200,
        {"years": [{field: getattr(r, field) for field in _FISCAL_YEAR_FIELDS} for r in results]},
    )


_FISCAL_YEAR_FIELDS = (
    "fiscal_year_end",
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
)

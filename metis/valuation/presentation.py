"""Explanations of the reduction results for the simulator, in the active language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.core.formats import euros, percent

from .rules import FiscalYearResult


def format_date(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class ExplainedYear:
    result: FiscalYearResult
    rates: str
    lines: list[str]


def _describe_part(p) -> str:
    amount = euros(p.amount)
    if p.origin_fy_end is None:  # carried in from before the first fiscal year
        if hasattr(p, "rate"):
            return _("%(amount)s carried in from before METIS at %(rate)s") % {
                "amount": amount,
                "rate": percent(p.rate),
            }
        return _("%(amount)s carried in from before METIS") % {"amount": amount}
    if hasattr(p, "rate"):
        return _("%(amount)s from the fiscal year closed on %(date)s at %(rate)s") % {
            "amount": amount,
            "date": format_date(p.origin_fy_end),
            "rate": percent(p.rate),
        }
    return _("%(amount)s from the fiscal year closed on %(date)s") % {
        "amount": amount,
        "date": format_date(p.origin_fy_end),
    }


def _by_origin(parts, own_end: date) -> str:
    return ", ".join(_describe_part(p) for p in parts if p.origin_fy_end != own_end)


def explain_year(result: FiscalYearResult) -> ExplainedYear:
    rule_set = result.rule_set
    lines = []
    lines.append(
        _("Cap: the higher of %(floor)s and %(share)s of a turnover of %(turnover)s, i.e. %(cap)s.")
        % {
            "floor": euros(rule_set.floor),
            "share": percent(rule_set.turnover_rate),
            "turnover": euros(result.turnover_excl_tax),
            "cap": euros(result.cap),
        }
    )
    retained = _(
        "Retained: %(own)s of this year's donations and %(carried)s carried forward, "
        "%(total)s in all."
    ) % {
        "own": euros(result.retained_own),
        "carried": euros(result.retained_from_carry_forward),
        "total": euros(result.retained_donations),
    }
    carried_detail = _by_origin(result.retained_parts, result.fiscal_year_end)
    if carried_detail:
        retained += " " + _("Carried forward: %(detail)s.") % {"detail": carried_detail}
    lines.append(retained)
    if result.excess_donations:
        years = rule_set.donation_carry_forward_fys
        lines.append(
            ngettext(
                "Above the cap: %(amount)s of this year's donations is carried forward to the "
                "next fiscal year.",
                "Above the cap: %(amount)s of this year's donations is carried forward to the "
                "next %(years)s fiscal years.",
                years,
            )
            % {"amount": euros(result.excess_donations), "years": years}
        )
    if result.retained_parts:
        terms = " + ".join(f"{euros(p.amount)} × {percent(p.rate)}" for p in result.retained_parts)
        lines.append(
            _("Reduction: %(terms)s = %(reduction)s (rounded to the cent).")
            % {"terms": terms, "reduction": euros(result.reduction)}
        )
    else:
        lines.append(_("Reduction: no donation retained, no reduction."))
    imputed = _("Set against the corporate tax due of %(tax)s: %(imputed)s.") % {
        "tax": euros(result.corporate_tax_due),
        "imputed": euros(result.reduction_imputed),
    }
    imputed_detail = _by_origin(result.imputed_parts, result.fiscal_year_end)
    if imputed_detail:
        imputed += " " + _("Oldest first: %(detail)s, then %(own)s of this year's reduction.") % {
            "detail": imputed_detail,
            "own": euros(result.own_reduction_imputed),
        }
    lines.append(imputed)
    lines.append(
        _(
            "Still usable in the following fiscal years: %(reduction)s of reduction and "
            "%(donations)s of donations."
        )
        % {
            "reduction": euros(result.reduction_carry_forward_balance),
            "donations": euros(result.donation_carry_forward_balance),
        }
    )
    if result.expired_donations or result.expired_reductions:
        lines.append(
            _(
                "Expired at the end of this fiscal year: %(donations)s of donations and "
                "%(reductions)s of reduction."
            )
            % {
                "donations": euros(result.expired_donations),
                "reductions": euros(result.expired_reductions),
            }
        )
    return ExplainedYear(
        result=result,
        rates=" / ".join(percent(rate) for rate in result.rates) or "—",
        lines=lines,
    )


def explain(results: list[FiscalYearResult]) -> list[ExplainedYear]:
    return [explain_year(result) for result in results]

"""The simulator prefilled with a company's own figures (for its logged-in referents)."""

from datetime import timedelta
from decimal import Decimal

from metis.accounts.enums import Role
from metis.organisations.models import CompanyFiscalYear

from .rules import ZERO, round_cent
from .rules.reduction import add_months


def skills_donations_between(
    company, start, end, *, receipted_only=False
) -> tuple[Decimal, Decimal]:
    """Value of the company's validated hours worked between two dates (inclusive), split into
    (donations at the normal rates, donations to "loi Coluche" bodies), to the cent: each
    entry's value is already rounded to the cent, the sum is put back to 2 places (SQLite
    returns a sum of decimals with a long tail of zeros). ``receipted_only``: only the hours
    covered by an issued receipt (art. 238 bis 5 bis CGI: no receipt, no reduction)."""
    from django.db.models import Q, Sum

    from metis.documents.receipt_checks import time_entries_receipted
    from metis.needs.models import TimeEntry

    entries = TimeEntry.objects.validated().for_company(company).in_period(start, end)
    if receipted_only:
        entries = TimeEntry.objects.filter(pk__in=time_entries_receipted(entries).values("pk"))
    totals = entries.aggregate(
        regular=Sum("value", filter=Q(participation__need__association__is_coluche_body=False)),
        coluche=Sum("value", filter=Q(participation__need__association__is_coluche_body=True)),
    )
    return round_cent(totals["regular"] or ZERO), round_cent(totals["coluche"] or ZERO)


def _two_places(value) -> Decimal:
    return round_cent(Decimal(value))


def company_simulator_years(company, *, receipted_only=False) -> list[dict]:
    """The company's recorded fiscal years, then its current one (closing on
    ``company.fiscal_year_end``) when it is not recorded yet: its turnover and tax are left at
    0 for the referent to estimate, its skills sponsorship is what was validated so far (or
    receipted so far, with ``receipted_only``)."""
    years = [
        {
            "fiscal_year_end": fy.end_date,
            "turnover_excl_tax": fy.turnover_excl_tax,
            "corporate_tax_due": fy.corporate_tax_due,
            "other_donations": fy.other_donations,
            "other_coluche_donations": fy.other_coluche_donations,
        }
        for fy in CompanyFiscalYear.objects.filter(company=company).order_by("end_date")
    ]
    if not years or company.fiscal_year_end > years[-1]["fiscal_year_end"]:
        years.append(
            {
                "fiscal_year_end": company.fiscal_year_end,
                "turnover_excl_tax": ZERO,
                "corporate_tax_due": ZERO,
                "other_donations": ZERO,
                "other_coluche_donations": ZERO,
            }
        )
    rows, previous_end = [], None
    for fy in years:
        end = fy["fiscal_year_end"]
        start = (
            previous_end + timedelta(days=1)
            if previous_end
            else add_months(end, -12) + (timedelta(days=1))
        )
        regular, coluche = skills_donations_between(
            company, start, end, receipted_only=receipted_only
        )
        rows.append(
            {
                "fiscal_year_end": end,
                "turnover_excl_tax": _two_places(fy["turnover_excl_tax"]),
                "corporate_tax_due": _two_places(fy["corporate_tax_due"]),
                "skills_donations": regular,
                "other_donations": _two_places(fy["other_donations"]),
                "coluche_donations": _two_places(fy["other_coluche_donations"]) + coluche,
            }
        )
        previous_end = end
    return rows


def initial_years_for(request) -> list[dict]:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.COMPANY_REFERENT:
        return []
    return company_simulator_years(membership.company)


def carried_in_for(request):
    """What the referent's company carries in from before METIS (nothing for others)."""
    from .carry_forwards import company_carried_in
    from .rules.carried_in import NOTHING_CARRIED_IN

    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.COMPANY_REFERENT:
        return NOTHING_CARRIED_IN
    return company_carried_in(membership.company)

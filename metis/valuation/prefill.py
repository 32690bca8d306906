"""The simulator prefilled with a company's own figures (for its logged-in referents)."""

from datetime import timedelta
from decimal import Decimal

from metis.accounts.enums import Role
from metis.organisations.models import CompanyFiscalYear


def skills_donations_between(company, start, end) -> tuple[Decimal, Decimal]:
    """Value of the company's validated hours worked between two dates (inclusive), split into
    (donations at the normal rates, donations to "loi Coluche" bodies)."""
    from django.db.models import Q, Sum

    from metis.needs.models import TimeEntry

    totals = (
        TimeEntry.objects.validated()
        .for_company(company)
        .in_period(start, end)
        .aggregate(
            regular=Sum("value", filter=Q(participation__need__association__is_coluche_body=False)),
            coluche=Sum("value", filter=Q(participation__need__association__is_coluche_body=True)),
        )
    )
    return totals["regular"] or Decimal("0.00"), totals["coluche"] or Decimal("0.00")


def company_simulator_years(company) -> list[dict]:
    years = list(CompanyFiscalYear.objects.filter(company=company).order_by("end_date"))
    rows, previous_end = [], None
    for fiscal_year in years:
        start = (
            previous_end + timedelta(days=1)
            if previous_end
            else fiscal_year.end_date.replace(year=fiscal_year.end_date.year - 1)
            + timedelta(days=1)
        )
        regular, coluche = skills_donations_between(company, start, fiscal_year.end_date)
        rows.append(
            {
                "fiscal_year_end": fiscal_year.end_date,
                "turnover_excl_tax": fiscal_year.turnover_excl_tax,
                "corporate_tax_due": fiscal_year.corporate_tax_due,
                "skills_donations": regular,
                "other_donations": fiscal_year.other_donations,
                "coluche_donations": fiscal_year.other_coluche_donations + coluche,
            }
        )
        previous_end = fiscal_year.end_date
    return rows


def initial_years_for(request) -> list[dict]:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.COMPANY_REFERENT:
        return []
    return company_simulator_years(membership.company)

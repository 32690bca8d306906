"""Reads of the documents app: what each person sees, the attestation's figures, the yearly
statements (company: 238 bis; association: art. 222 bis CGI)."""

import datetime
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.core.exports import Sheet
from metis.core.hours import quantize
from metis.needs.models import TimeEntry

from .models import AgreementVersion, ContractAmendment, LoanAgreement, Receipt, ReceiptStatus

ZERO = Decimal("0.00")


# Lists per person ---------------------------------------------------------------------------


def receipts_for(user):
    companies = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    associations = organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    return Receipt.objects.filter(
        Q(company_id__in=companies) | Q(association_id__in=associations)
    ).select_related("association", "company", "replaces")


def agreements_for(user):
    companies = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    associations = organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    return LoanAgreement.objects.filter(
        Q(company_id__in=companies) | Q(association_id__in=associations)
    ).select_related("company", "association", "programme")


def amendments_for(user):
    companies = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    return ContractAmendment.objects.filter(
        Q(participation__volunteer=user) | Q(participation__company_id__in=companies)
    ).select_related("participation__need__association", "participation__volunteer")


def version_status(version: AgreementVersion) -> dict:
    parties = {a.party: a for a in version.acceptances.select_related("user")}
    return {"version": version, "acceptances": parties}


# Attestation --------------------------------------------------------------------------------


def attestation_rows(user, year: int):
    """Validated hours of the employee in the year, per association and need (rules.md § 5)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        TimeEntry.objects.validated()
        .filter(participation__volunteer=user)
        .in_period(start, end)
        .values(
            "participation__need__association__name",
            "participation__need__title",
            "participation__company__name",
        )
        .annotate(total_hours=Sum("hours"), first=Min("date"), last=Max("date"))
        .order_by("participation__need__association__name", "participation__need__title")
    )


# Association: yearly declaration (art. 222 bis CGI) --------------------------------------------


def _working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) != (5, 1)


def declaration_deadline(year_end: datetime.date) -> datetime.date:
    """Filing deadline of the declaration of receipts issued in the year ending `year_end`
    (rules.md § 5): for a calendar year, the second working day after 1 May of the next year
    (weekends and 1 May skipped; other public holidays are not counted — see ADR 0007);
    otherwise 3 months after the year end."""
    if (year_end.month, year_end.day) == (12, 31):
        day, found = datetime.date(year_end.year + 1, 5, 1), 0
        while found < 2:
            day += datetime.timedelta(days=1)
            if _working_day(day):
                found += 1
        return day
    from metis.valuation.rules.reduction import add_months

    return add_months(year_end, 3)


def association_yearly_declaration(association, year: int) -> dict:
    """Number and total amount of the receipts the association issued in the calendar year
    (cancelled ones excluded, their replacements included), and the filing deadline."""
    totals = Receipt.objects.filter(
        association=association, year=year, status=ReceiptStatus.ISSUED
    ).aggregate(count=Count("pk"), total=Sum("amount"))
    return {
        "association": association,
        "year": year,
        "count": totals["count"],
        "total": quantize(totals["total"] or ZERO),
        "cancelled": Receipt.objects.filter(
            association=association, year=year, status=ReceiptStatus.CANCELLED
        ).count(),
        "deadline": declaration_deadline(datetime.date(year, 12, 31)),
    }


# Company: yearly statement (238 bis) ------------------------------------------------------------


def fiscal_year_bounds(company, end_date) -> tuple[datetime.date, datetime.date]:
    previous = company.fiscal_years.filter(end_date__lt=end_date).order_by("-end_date").first()
    if previous:
        return previous.end_date + datetime.timedelta(days=1), end_date
    try:
        start = end_date.replace(year=end_date.year - 1)
    except ValueError:
        start = end_date.replace(year=end_date.year - 1, day=28)
    return start + datetime.timedelta(days=1), end_date


def company_statement(company, end_date) -> dict:
    """Donations per association with dates and receipt numbers, the retained amount, the
    reduction and both carry-forwards (valuation core over the company's consecutive fiscal
    years), the list required above 10,000 €."""
    from metis.valuation.prefill import company_simulator_years
    from metis.valuation.rules import FiscalYearInput, RulesError, compute_reduction

    start, end = fiscal_year_bounds(company, end_date)
    fiscal_year = company.fiscal_years.get(end_date=end_date)
    rows = list(
        TimeEntry.objects.validated()
        .for_company(company)
        .in_period(start, end)
        .values(
            "participation__need__association_id",
            "participation__need__association__name",
            "participation__need__association__is_coluche_body",
        )
        .annotate(
            total_hours=Sum("hours"),
            total_value=Sum("value"),
            first=Min("date"),
            last=Max("date"),
            awaiting=Count("pk", filter=Q(value__isnull=True)),
        )
        .order_by("participation__need__association__name")
    )
    receipts = Receipt.objects.issued().filter(
        company=company, period_start__lte=end, period_end__gte=start
    )
    by_association = {}
    for receipt in receipts.order_by("number"):
        by_association.setdefault(receipt.association_id, []).append(receipt)
    donations = []
    for row in rows:
        association_id = row["participation__need__association_id"]
        donations.append(
            {
                "association": row["participation__need__association__name"],
                "coluche": row["participation__need__association__is_coluche_body"],
                "hours": quantize(row["total_hours"]),
                "amount": quantize(row["total_value"] or ZERO),
                "first": row["first"],
                "last": row["last"],
                "awaiting": row["awaiting"],
                "receipts": [
                    {"number": r.number, "issued_on": r.issued_at.date(), "amount": r.amount}
                    for r in by_association.get(association_id, [])
                ],
            }
        )
    skills = sum((d["amount"] for d in donations if not d["coluche"]), ZERO)
    skills_coluche = sum((d["amount"] for d in donations if d["coluche"]), ZERO)
    total = skills + skills_coluche + fiscal_year.other_donations
    total += fiscal_year.other_coluche_donations
    result, error = None, None
    years = [y for y in company_simulator_years(company) if y["fiscal_year_end"] <= end_date]
    inputs = [
        FiscalYearInput(
            fiscal_year_end=y["fiscal_year_end"],
            turnover_excl_tax=y["turnover_excl_tax"],
            corporate_tax_due=y["corporate_tax_due"],
            donations=y["skills_donations"] + y["other_donations"],
            coluche_donations=y["coluche_donations"],
        )
        for y in years
    ]
    try:
        result = compute_reduction(inputs)[-1]
    except RulesError as exc:
        error = str(exc)
    return {
        "company": company,
        "fiscal_year": fiscal_year,
        "start": start,
        "end": end,
        "donations": donations,
        "skills_total": skills,
        "skills_coluche_total": skills_coluche,
        "other_donations": fiscal_year.other_donations,
        "other_coluche_donations": fiscal_year.other_coluche_donations,
        "total": total,
        "result": result,
        "error": error,
        # LF 2019 art. 148: above 10,000 € of donations in a FY, the company lists them.
        "list_required": total > Decimal("10000"),
    }


STATEMENT_HEADER = [
    _("Beneficiary"),
    _("Coluche law"),
    _("First day"),
    _("Last day"),
    _("Hours"),
    _("Amount (€)"),
    _("Receipts"),
    _("Counterpart"),
]
SUMMARY_LABELS = {
    "exercice_clos_le": _("Fiscal year ended on"),
    "dons_competences_eur": _("Skills donations (€)"),
    "dons_competences_coluche_eur": _("Skills donations, Coluche law (€)"),
    "autres_dons_eur": _("Other donations (€)"),
    "autres_dons_coluche_eur": _("Other donations, Coluche law (€)"),
    "total_dons_eur": _("Total donations (€)"),
    "plafond_eur": _("Cap (€)"),
    "montant_retenu_exercice_eur": _("Retained from this fiscal year (€)"),
    "montant_retenu_reports_eur": _("Retained from carried-forward donations (€)"),
    "excedent_reporte_eur": _("Excess carried forward (€)"),
    "reduction_eur": _("Tax reduction (€)"),
    "reduction_imputee_eur": _("Reduction set against the tax (€)"),
    "report_reduction_eur": _("Reduction carried forward (€)"),
    "report_dons_eur": _("Donations carried forward (€)"),
    "liste_dons_requise_plus_10000": _("List of donations required (over €10,000)"),
}


def statement_sheets(statement) -> list[Sheet]:
    """The statement as exported (CSV, XLSX): one line per donation (beneficiary, dates,
    amounts, receipt numbers, counterpart), then the fiscal year's figures."""
    donations = [
        [
            d["association"],
            bool(d["coluche"]),
            d["first"],
            d["last"],
            d["hours"],
            d["amount"],
            " ".join(r["number"] for r in d["receipts"]),
            _("none"),
        ]
        for d in statement["donations"]
    ]
    figures = [
        [SUMMARY_LABELS[key], statement["end"] if key == "exercice_clos_le" else value]
        for key, value in statement_summary(statement)
    ]
    return [
        Sheet(_("Donations"), STATEMENT_HEADER, donations),
        Sheet(_("Fiscal year"), [_("Item"), _("Value")], figures),
    ]


def statement_summary(statement) -> list[tuple[str, object]]:
    result = statement["result"]
    lines = [
        ("exercice_clos_le", statement["end"].isoformat()),
        ("dons_competences_eur", statement["skills_total"]),
        ("dons_competences_coluche_eur", statement["skills_coluche_total"]),
        ("autres_dons_eur", statement["other_donations"]),
        ("autres_dons_coluche_eur", statement["other_coluche_donations"]),
        ("total_dons_eur", statement["total"]),
    ]
    if result is not None:
        lines += [
            ("plafond_eur", result.cap),
            ("montant_retenu_exercice_eur", result.retained_donations),
            ("montant_retenu_reports_eur", result.retained_from_carry_forward),
            ("excedent_reporte_eur", result.excess_donations),
            ("reduction_eur", result.reduction),
            ("reduction_imputee_eur", result.reduction_imputed),
            ("report_reduction_eur", result.reduction_carry_forward_balance),
            ("report_dons_eur", result.donation_carry_forward_balance),
        ]
    lines.append(("liste_dons_requise_plus_10000", "oui" if statement["list_required"] else "non"))
    return lines

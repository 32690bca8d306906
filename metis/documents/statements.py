"""Yearly figures the law asks for (docs/rules.md § 4 and § 5):

- the association's declaration of receipts (art. 222 bis CGI): the donations stated on its
  receipts and received in the period (for skills sponsorship: the dates of the work), and the
  number of receipts issued in the period (their issue dates); the period is the previous
  calendar year, or the last closed fiscal year when the association's is not the calendar year;
- the company's statement (art. 238 bis CGI, 2069-RCI-SD): only donations covered by an issued
  receipt count (art. 238 bis 5 bis); the others are listed apart, "receipt to obtain";
  counterparts recorded with a warning above 25 %; the reduction computed by the valuation core
  with the carry-forwards from before METIS.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.core.exports import Sheet
from metis.core.formats import french_amount
from metis.core.hours import quantize
from metis.needs.models import TimeEntry

from .models import Receipt, ReceiptLine, ReceiptStatus
from .pdf import render_pdf

ZERO = Decimal("0.00")
#: The administration tolerates counterparts up to a quarter of the donation (docs/rules.md § 4.6).
COUNTERPART_TOLERANCE = Decimal("0.25")


# Association: yearly declaration (art. 222 bis CGI) -----------------------------------------


def _working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) != (5, 1)


def declaration_deadline(period_end: datetime.date) -> datetime.date:
    """Filing deadline of the declaration for the period closing on ``period_end`` (docs/rules.md
    § 5): for a fiscal year closing on 31 December (or when no fiscal year closes in the year),
    the second working day after 1 May of the next year (weekends and 1 May skipped; other
    public holidays are not counted — see ADR 0007); otherwise 3 months after the period end."""
    if (period_end.month, period_end.day) == (12, 31):
        day, found = datetime.date(period_end.year + 1, 5, 1), 0
        while found < 2:
            day += datetime.timedelta(days=1)
            if _working_day(day):
                found += 1
        return day
    from metis.valuation.rules.reduction import add_months

    return add_months(period_end, 3)


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def declaration_period(association, year: int) -> tuple[datetime.date, datetime.date]:
    """The association's fiscal year closing in calendar ``year`` (the calendar year itself
    when its fiscal year closes on 31 December)."""
    month = association.fiscal_year_end_month
    end = _month_end(year, month)
    return _month_end(year - 1, month) + datetime.timedelta(days=1), end


def last_closed_declaration_year(association, today: datetime.date) -> int:
    """The year of the last closed period: the one whose declaration is due or filed."""
    _start, end = declaration_period(association, today.year)
    return today.year if end < today else today.year - 1


#: Where the figures go (art. 222 bis CGI; docs/rules.md § 5), by the return the association files.
DECLARATION_FORMS = {
    "2065": "formulaire 2065-SD, case L (avec la déclaration de résultats)",
    "2070": "formulaire 2070-SD (avec la déclaration de résultats)",
    "none": "déclaration en ligne dans l’espace professionnel (aucune déclaration de résultats)",
}


def association_yearly_declaration(association, year: int) -> dict:
    """The art. 222 bis figures of the association's period closing in ``year``.

    Amount: the donations stated on its issued receipts and received in the period — for
    skills sponsorship the work is received when done, so the receipt lines dated in the
    period. Count: the receipts issued in the period (issue dates). Settled: a cancelled
    receipt is counted in neither (its replacement is); the figures are those known today.
    """
    start, end = declaration_period(association, year)
    amount = (
        ReceiptLine.objects.active()
        .filter(receipt__association=association, date__gte=start, date__lte=end)
        .aggregate(total=Sum("value"))["total"]
    )
    counts = Receipt.objects.filter(
        association=association,
        issued_at__date__gte=start,
        issued_at__date__lte=end,
    ).aggregate(
        issued=Count("pk", filter=Q(status=ReceiptStatus.ISSUED)),
        cancelled=Count("pk", filter=Q(status=ReceiptStatus.CANCELLED)),
    )
    return {
        "association": association,
        "year": year,
        "start": start,
        "end": end,
        "count": counts["issued"],
        "total": quantize(amount or ZERO),
        "cancelled": counts["cancelled"],
        "deadline": declaration_deadline(end),
        "form": DECLARATION_FORMS.get(association.tax_return_form, DECLARATION_FORMS["none"]),
    }


# Company: yearly statement (238 bis) ---------------------------------------------------------


def fiscal_year_bounds(company, end_date) -> tuple[datetime.date, datetime.date]:
    previous = company.fiscal_years.filter(end_date__lt=end_date).order_by("-end_date").first()
    if previous:
        return previous.end_date + datetime.timedelta(days=1), end_date
    try:
        start = end_date.replace(year=end_date.year - 1)
    except ValueError:
        start = end_date.replace(year=end_date.year - 1, day=28)
    return start + datetime.timedelta(days=1), end_date


def _counterparts(company, end_date) -> dict:
    from metis.organisations.models import Counterpart

    by_association: dict[int, list] = {}
    for c in Counterpart.objects.filter(company=company, fiscal_year_end=end_date):
        by_association.setdefault(c.association_id, []).append(c)
    return by_association


def _donation_rows(company, start, end) -> list[dict]:
    receipted = Q(receipt_lines__active=True)
    rows = (
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
            receipted_value=Sum("value", filter=receipted),
            receipted_hours=Sum("hours", filter=receipted),
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
    counterparts = _counterparts(company, end)
    donations = []
    for row in rows:
        association_id = row["participation__need__association_id"]
        receipted_amount = quantize(row["receipted_value"] or ZERO)
        items = counterparts.get(association_id, [])
        counterpart_value = sum((c.value for c in items), ZERO)
        donations.append(
            {
                "association": row["participation__need__association__name"],
                "coluche": row["participation__need__association__is_coluche_body"],
                "hours": quantize(row["total_hours"]),
                "amount": quantize(row["total_value"] or ZERO),
                "receipted_amount": receipted_amount,
                "receipted_hours": quantize(row["receipted_hours"] or ZERO),
                "to_obtain": quantize((row["total_value"] or ZERO) - receipted_amount),
                "first": row["first"],
                "last": row["last"],
                "awaiting": row["awaiting"],
                "receipts": [
                    {"number": r.number, "issued_on": r.issued_at.date(), "amount": r.amount}
                    for r in by_association.get(association_id, [])
                ],
                "counterparts": items,
                "counterpart_value": counterpart_value,
                # § 4.6: warn when the counterparts exceed a quarter of the donation.
                "counterpart_warning": counterpart_value > COUNTERPART_TOLERANCE * receipted_amount,
            }
        )
    return donations


def company_statement(company, end_date) -> dict:
    """Receipted donations per association with dates, receipt numbers and counterparts; the
    valued hours still without receipt apart; the retained amount, the reduction and both
    carry-forwards (valuation core over the company's fiscal years, carried-in amounts
    included); the list required above 10,000 €."""
    from metis.valuation.carry_forwards import company_carried_in
    from metis.valuation.prefill import company_simulator_years
    from metis.valuation.rules import FiscalYearInput, RulesError, compute_reduction

    start, end = fiscal_year_bounds(company, end_date)
    fiscal_year = company.fiscal_years.get(end_date=end_date)
    donations = _donation_rows(company, start, end)
    receipted = [d for d in donations if d["receipted_amount"]]
    to_obtain = [d for d in donations if d["to_obtain"]]
    skills = sum((d["receipted_amount"] for d in donations if not d["coluche"]), ZERO)
    skills_coluche = sum((d["receipted_amount"] for d in donations if d["coluche"]), ZERO)
    total = skills + skills_coluche + fiscal_year.other_donations
    total += fiscal_year.other_coluche_donations
    result, error = None, None
    years = [
        y
        for y in company_simulator_years(company, receipted_only=True)
        if y["fiscal_year_end"] <= end_date
    ]
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
        result = compute_reduction(inputs, company_carried_in(company))[-1]
    except RulesError as exc:
        error = str(exc)
    return {
        "company": company,
        "fiscal_year": fiscal_year,
        "start": start,
        "end": end,
        "donations": receipted,
        "to_obtain": to_obtain,
        "to_obtain_total": sum((d["to_obtain"] for d in to_obtain), ZERO),
        "skills_total": skills,
        "skills_coluche_total": skills_coluche,
        "other_donations": fiscal_year.other_donations,
        "other_coluche_donations": fiscal_year.other_coluche_donations,
        "total": total,
        "counterpart_warning": any(d["counterpart_warning"] for d in donations),
        "result": result,
        "error": error,
        # LF 2019 art. 148: above 10,000 € of donations in a FY, the company lists them.
        "list_required": total > Decimal("10000"),
    }


def _counterpart_text(donation) -> str:
    items = donation["counterparts"]
    if not items:
        return str(_("none"))
    return " ; ".join(f"{c.description} ({c.value} €)" for c in items)


STATEMENT_HEADER = [
    _("Beneficiary"),
    _("Coluche law"),
    _("First day"),
    _("Last day"),
    _("Hours"),
    _("Amount (€)"),
    _("Receipts"),
    _("Counterpart"),
    _("Counterparts value (€)"),
    _("Status"),
]
SUMMARY_LABELS = {
    "exercice_clos_le": _("Fiscal year ended on"),
    "dons_competences_eur": _("Skills donations (€)"),
    "dons_competences_coluche_eur": _("Skills donations, Coluche law (€)"),
    "autres_dons_eur": _("Other donations (€)"),
    "autres_dons_coluche_eur": _("Other donations, Coluche law (€)"),
    "total_dons_eur": _("Total donations (€)"),
    "recus_a_obtenir_eur": _("Valued hours with a receipt to obtain (€)"),
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
RECEIPT_ISSUED = _("receipt issued")
RECEIPT_TO_OBTAIN = _("receipt to obtain")


def statement_sheets(statement) -> list[Sheet]:
    """The statement as exported (CSV, XLSX): one line per receipted donation (beneficiary,
    dates, amounts, receipt numbers, counterparts), then the donations whose receipt is to
    obtain (not counted), then the fiscal year's figures."""
    donations = [
        [
            d["association"],
            bool(d["coluche"]),
            d["first"],
            d["last"],
            d["receipted_hours"],
            d["receipted_amount"],
            " ".join(r["number"] for r in d["receipts"]),
            _counterpart_text(d),
            d["counterpart_value"],
            RECEIPT_ISSUED,
        ]
        for d in statement["donations"]
    ]
    donations += [
        [
            d["association"],
            bool(d["coluche"]),
            d["first"],
            d["last"],
            d["hours"] - d["receipted_hours"],
            d["to_obtain"],
            "",
            "",
            "",
            RECEIPT_TO_OBTAIN,
        ]
        for d in statement["to_obtain"]
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
        ("recus_a_obtenir_eur", statement["to_obtain_total"]),
    ]
    if result is not None:
        lines += [
            ("plafond_eur", result.cap),
            ("montant_retenu_exercice_eur", result.retained_own),
            ("montant_retenu_reports_eur", result.retained_from_carry_forward),
            ("excedent_reporte_eur", result.excess_donations),
            ("reduction_eur", result.reduction),
            ("reduction_imputee_eur", result.reduction_imputed),
            ("report_reduction_eur", result.reduction_carry_forward_balance),
            ("report_dons_eur", result.donation_carry_forward_balance),
        ]
    lines.append(("liste_dons_requise_plus_10000", "oui" if statement["list_required"] else "non"))
    return lines


def statement_pdf(statement: dict) -> bytes:
    """The statement as the PDF the company's screen and its API give."""
    fr = french_amount
    summary = statement_summary(statement)
    data, _sha = render_pdf(
        "statement.html",
        {
            "s": statement,
            "c": statement["company"],
            "r": statement["result"],
            "fr": {k: fr(v) for k, v in summary if not isinstance(v, str)},
            "donations": [
                {
                    **d,
                    "amount_fr": fr(d["receipted_amount"]),
                    "hours_fr": fr(d["receipted_hours"]),
                    "counterpart_fr": fr(d["counterpart_value"]),
                }
                for d in statement["donations"]
            ],
            "to_obtain": [
                {
                    **d,
                    "amount_fr": fr(d["to_obtain"]),
                    "hours_fr": fr(d["hours"] - d["receipted_hours"]),
                }
                for d in statement["to_obtain"]
            ],
            "to_obtain_total_fr": fr(statement["to_obtain_total"]),
            "today": timezone.localdate(),
        },
    )
    return data

"""The yearly civic-day statement as PDF (the person's own) and its exports, CSV or JSON, for
a company's referent (that employer's civic days) and for operator staff (everyone). The
schema is documented in docs/civic-statement.md."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from metis.core.exports import Sheet, export_response
from metis.core.params import check_year
from metis.core.permissions import permission_required
from metis.documents.pdf import html_pdf
from metis.organisations.models import Company

from .statements import COLUMNS, civic_statement, employer_rows, export_document, operator_rows

EXPORT_FORMATS = ("csv", "json")


@permission_required("civic.statement")
def statement_pdf(request, year):
    """The person's civic days of `year`: printed in French, like every document."""
    check_year(year)
    statement = civic_statement(request.user, year)
    with translation.override("fr"):
        html = render_to_string(
            "civic/pdf/statement.html", {"s": statement, "today": timezone.localdate()}
        )
    response = HttpResponse(html_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="releve-journees-civiques-{year}.pdf"'
    return response


def _export(name, year, rows, fmt, *, employer=None):
    if fmt == "json":
        response = JsonResponse(
            export_document(year, rows, employer=employer),
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    sheet = Sheet(title=name, header=list(COLUMNS), rows=[row.values() for row in rows])
    return export_response(name, [sheet], "csv")


def _check(year, fmt):
    check_year(year)
    if fmt not in EXPORT_FORMATS:
        raise Http404


def _company(request, company_pk, **kwargs):
    return get_object_or_404(Company, pk=company_pk)


@permission_required("civic.employer_export", fn=_company)
def employer_export(request, company_pk, year, fmt):
    """The civic days of `year` done by the company's employees while employed by it."""
    _check(year, fmt)
    company = get_object_or_404(Company, pk=company_pk)
    rows = employer_rows(company, year)
    name = f"journees-civiques-{company.siren}-{year}"
    return _export(name, year, rows, fmt, employer=company)


@permission_required("civic.operator_export")
def operator_export(request, year, fmt):
    """Every civic day of `year`, for the operator."""
    _check(year, fmt)
    return _export(f"journees-civiques-{year}", year, operator_rows(year), fmt)

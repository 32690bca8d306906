"""Pages and downloads of the documents app. Each view: parse, check a named permission, call
one service or selector, render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.core.exports import FORMATS as EXPORT_FORMATS
from metis.core.exports import export_response
from metis.core.formats import french_amount
from metis.core.forms import done, refused, show_refusal
from metis.core.params import check_year, optional_posted_id, posted_year, year_param
from metis.core.permissions import permission_required
from metis.documents.services import agreements as agreement_services
from metis.documents.services import receipt_batches
from metis.documents.services import receipts as receipt_services
from metis.organisations.models import Association, Company
from metis.programmes.models import Programme

from . import selectors, statements
from .models import (
    AgreementAnnex,
    AgreementVersion,
    ContractAmendment,
    LoanAgreement,
    Party,
    Receipt,
    ReceiptBatch,
)
from .pdf import render_pdf
from .receipt_content import employee_rows


def _pdf_response(data, filename, inline=False):
    response = HttpResponse(bytes(data), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _year(request, default=None):
    return year_param(request, "year", default=default)


def index(request):
    """Every document the person may see, by role."""
    user = request.user
    managed = Association.objects.filter(
        pk__in=organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    )
    referred = Company.objects.filter(
        pk__in=organisation_ids(user, Role.COMPANY_REFERENT, "company")
    )
    year = timezone.localdate().year
    agreements = [
        (agreement, agreement.current_version) for agreement in selectors.agreements_for(user)[:200]
    ]
    return render(
        request,
        "documents/index.html",
        {
            "receipts": selectors.receipts_for(user)[:200],
            "agreements": agreements,
            "amendments": selectors.amendments_for(user)[:200],
            "managed": managed,
            "referred": referred,
            "is_employee": user.has_perm("documents.attestation"),
            "years": [year, year - 1],
        },
    )


# Receipts -----------------------------------------------------------------------------------


def _association(request, pk):
    return get_object_or_404(Association, pk=pk)


@permission_required("documents.issue_receipts", fn=_association)
def association_receipts(request, pk):
    association = get_object_or_404(Association, pk=pk)
    year = _year(request, timezone.localdate().year - 1)
    if request.method == "POST":
        company = Company.objects.filter(pk=optional_posted_id(request, "company")).first()
        try:
            start = datetime.date.fromisoformat(request.POST.get("period_start", ""))
            end = datetime.date.fromisoformat(request.POST.get("period_end", ""))
        except ValueError:
            start = end = None
        if company is None:
            messages.error(request, _("Choose a company."))
        else:
            try:
                receipt = receipt_services.receipt_issue(
                    association=association,
                    company=company,
                    period_start=start,
                    period_end=end,
                    by=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(
                    request, _("Receipt %(number)s issued.") % {"number": receipt.number}
                )
                return redirect("documents:receipt_detail", receipt.pk)
    return render(
        request,
        "documents/association_receipts.html",
        {
            "association": association,
            "year": year,
            "receipts": association.receipts.select_related("company", "replaces"),
            "companies": receipt_batches.companies_to_receipt(association, year),
            "all_companies": Company.objects.filter(
                participations__need__association=association
            ).distinct(),
            "batches": association.receipt_batches.all()[:5],
            "signatory": receipt_services.current_signatory(association, request.user),
            "declaration": statements.association_yearly_declaration(association, year),
            "counterparts": selectors.counterparts_received_by(association),
            "start": datetime.date(year, 1, 1),
            "end": datetime.date(year, 12, 31),
        },
    )


@require_POST
@permission_required("documents.issue_receipts", fn=_association)
def receipt_batch_start(request, pk):
    association = get_object_or_404(Association, pk=pk)
    year = posted_year(request)
    try:
        batch = receipt_batches.receipt_batch_start(
            association=association, year=year, by=request.user
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("documents:association_receipts", pk)
    return redirect("documents:receipt_batch", batch.pk)


def _batch(request, pk):
    return get_object_or_404(ReceiptBatch, pk=pk).association


@permission_required("documents.issue_receipts", fn=_batch)
def receipt_batch(request, pk):
    batch = get_object_or_404(ReceiptBatch, pk=pk)
    template = (
        "documents/_batch_progress.html"
        if request.headers.get("HX-Request")
        else "documents/receipt_batch.html"
    )
    return render(request, template, {"batch": batch})


@require_POST
@permission_required("documents.issue_receipts", fn=_batch)
def receipt_batch_cancel(request, pk):
    batch = get_object_or_404(ReceiptBatch, pk=pk)
    try:
        receipt_batches.receipt_batch_cancel(batch=batch, by=request.user)
    except ValidationError as error:
        return refused(request, error, "documents:receipt_batch", pk)
    return done(request, _("The year-end issue is cancelled."), "documents:receipt_batch", pk)


def _receipt(request, pk):
    return get_object_or_404(Receipt, pk=pk)


@permission_required("documents.view_receipt", fn=_receipt)
def receipt_detail(request, pk):
    receipt = get_object_or_404(Receipt.objects.select_related("association", "company"), pk=pk)
    return render(
        request,
        "documents/receipt_detail.html",
        {
            "receipt": receipt,
            "can_cancel": request.user.has_perm("documents.cancel_receipt", receipt),
            "replaced_by": Receipt.objects.filter(replaces=receipt).first(),
            "rows": employee_rows(receipt.lines.all()),
        },
    )


@permission_required("documents.view_receipt", fn=_receipt)
def receipt_pdf(request, pk):
    receipt = get_object_or_404(Receipt, pk=pk)
    return _pdf_response(receipt.pdf, f"recu-{receipt.number}.pdf")


@permission_required("documents.cancel_receipt", fn=_receipt)
def receipt_cancel(request, pk):
    """A confirmation screen saying what cancelling does (GET), then the cancellation (POST)."""
    receipt = get_object_or_404(Receipt.objects.select_related("association", "company"), pk=pk)
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            if request.POST.get("reissue"):
                new = receipt_services.receipt_cancel_and_reissue(
                    receipt=receipt, by=request.user, reason=reason
                )
                messages.success(request, _("Receipt %(number)s issued.") % {"number": new.number})
                return redirect("documents:receipt_detail", new.pk)
            receipt_services.receipt_cancel(receipt=receipt, by=request.user, reason=reason)
            messages.success(request, _("Receipt cancelled."))
            return redirect("documents:receipt_detail", pk)
        except ValidationError as error:
            show_refusal(request, error)
    return render(
        request,
        "documents/receipt_cancel.html",
        {
            "receipt": receipt,
            "employees": receipt.lines.values_list("employee_name", flat=True)
            .distinct()
            .order_by("employee_name"),
        },
    )


# Agreements and amendments ------------------------------------------------------------------


def _agreement(request, pk, **kwargs):
    return get_object_or_404(LoanAgreement, pk=pk)


@permission_required("documents.view_agreement", fn=_agreement)
def agreement_detail(request, pk):
    agreement = get_object_or_404(
        LoanAgreement.objects.select_related("company", "association", "programme"), pk=pk
    )
    versions = [selectors.version_status(v) for v in agreement.versions.order_by("-number")]
    current = versions[0]["version"] if versions else None
    party = agreement_services.agreement_party(request.user, agreement)
    return render(
        request,
        "documents/agreement_detail.html",
        {
            "agreement": agreement,
            "versions": versions,
            "current": current,
            "can_accept": current is not None
            and party is not None
            and not current.accepted_by(party),
            "annexes": selectors.annexes_status(agreement, party),
        },
    )


@permission_required("documents.view_agreement", fn=_agreement)
def agreement_pdf(request, pk, number):
    version = get_object_or_404(AgreementVersion, agreement_id=pk, number=number)
    return _pdf_response(
        agreement_services.agreement_version_pdf(version), f"convention-{pk}-v{number}.pdf"
    )


@permission_required("documents.view_agreement", fn=_agreement)
def annex_pdf(request, pk, annex):
    annex = get_object_or_404(AgreementAnnex, agreement_id=pk, pk=annex)
    return _pdf_response(
        agreement_services.annex_pdf(annex), f"convention-{pk}-annexe-{annex.pk}.pdf"
    )


@require_POST
@permission_required("documents.accept_agreement", fn=_agreement)
def agreement_accept(request, pk):
    agreement = get_object_or_404(LoanAgreement, pk=pk)
    try:
        if request.POST.get("annexe"):
            annex = get_object_or_404(agreement.annexes, pk=request.POST["annexe"])
            agreement_services.annex_accept(annex=annex, by=request.user)
            messages.success(request, _("Annex accepted."))
        else:
            agreement_services.agreement_accept(agreement=agreement, by=request.user)
            messages.success(request, _("Agreement accepted."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("documents:agreement_detail", pk)


def _amendment(request, pk):
    return get_object_or_404(ContractAmendment, pk=pk)


@permission_required("documents.view_amendment", fn=_amendment)
def amendment_detail(request, pk):
    amendment = get_object_or_404(
        ContractAmendment.objects.select_related(
            "participation__need__association", "participation__company"
        ),
        pk=pk,
    )
    party = agreement_services.amendment_party(request.user, amendment)
    acceptances = dict.fromkeys(Party.values) | {
        a.party: a for a in amendment.acceptances.select_related("user")
    }
    return render(
        request,
        "documents/amendment_detail.html",
        {
            "amendment": amendment,
            "annex": getattr(amendment.participation, "agreement_annex", None),
            "acceptances": acceptances,
            "can_accept": party is not None and acceptances[party] is None,
        },
    )


@permission_required("documents.view_amendment", fn=_amendment)
def amendment_pdf(request, pk):
    amendment = get_object_or_404(ContractAmendment, pk=pk)
    return _pdf_response(agreement_services.amendment_pdf(amendment), f"avenant-{pk}.pdf")


@require_POST
@permission_required("documents.accept_amendment", fn=_amendment)
def amendment_accept(request, pk):
    amendment = get_object_or_404(ContractAmendment, pk=pk)
    try:
        agreement_services.amendment_accept(amendment=amendment, by=request.user)
        messages.success(request, _("Amendment accepted."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("documents:amendment_detail", pk)


# Attestation --------------------------------------------------------------------------------


@permission_required("documents.attestation")
def attestation_pdf(request, year):
    check_year(year)
    rows = selectors.attestation_rows(request.user, year)
    total = sum((r["total_hours"] for r in rows), 0)
    data, _sha = render_pdf(
        "attestation.html",
        {
            "user": request.user,
            "year": year,
            "rows": [{**r, "hours_fr": french_amount(r["total_hours"])} for r in rows],
            "total": french_amount(total),
            "today": timezone.localdate(),
            "signatures": selectors.attestation_signatures(rows),
        },
    )
    return _pdf_response(data, f"attestation-{year}.pdf")


# Statements ---------------------------------------------------------------------------------


def _company(request, pk, **kwargs):
    return get_object_or_404(Company, pk=pk)


@permission_required("documents.company_statement", fn=_company)
def company_statements(request, pk):
    company = get_object_or_404(Company, pk=pk)
    return render(
        request,
        "documents/company_statements.html",
        {
            "company": company,
            "fiscal_years": company.fiscal_years.order_by("-end_date"),
            # The years of the Service Civique Professionnel: its export per employer.
            "civic_years": Programme.objects.civic().dates("starts_on", "year", order="DESC"),
        },
    )


STATEMENT_FORMATS = ("pdf", "csv", "xlsx")


@permission_required("documents.company_statement", fn=_company)
def company_statement(request, pk, end_date, fmt):
    company = get_object_or_404(Company, pk=pk)
    if fmt not in STATEMENT_FORMATS:
        raise Http404
    try:
        end = datetime.date.fromisoformat(end_date)
    except ValueError:
        raise Http404 from None
    if not company.fiscal_years.filter(end_date=end).exists():
        raise Http404
    statement = statements.company_statement(company, end)
    name = f"releve-{company.siren}-{end.isoformat()}"
    if fmt in EXPORT_FORMATS:
        return export_response(name, statements.statement_sheets(statement), fmt)
    return _pdf_response(statements.statement_pdf(statement), f"{name}.pdf")


# Association declaration ----------------------------------------------------------------------


@permission_required("documents.association_declaration", fn=_association)
def association_declaration(request, pk):
    association = get_object_or_404(Association, pk=pk)
    year = _year(
        request, statements.last_closed_declaration_year(association, timezone.localdate())
    )
    return render(
        request,
        "documents/association_declaration.html",
        {
            "declaration": statements.association_yearly_declaration(association, year),
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        },
    )

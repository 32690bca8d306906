"""A company's token: its employees (list, import, end), their participations and hours, the
valued amounts per year, the tax receipts it received and its yearly statements."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Literal

import ninja
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.services import invitations_send, membership_end
from metis.core.exports import export_response
from metis.documents import statements
from metis.documents.models import Receipt
from metis.needs.models import Participation, TimeEntry
from metis.needs.selectors import valued_hours
from metis.tokens.auth import read_token, write_token

from . import serialize
from .common import (
    ERRORS,
    PageParams,
    Refusal,
    company_of,
    get_or_404,
    openapi,
    paginate,
    parse,
    refused_by_service,
    require_perm,
)
from .schemas import (
    EmployeeOut,
    EmployeePage,
    EmployeesImportIn,
    EmployeesImportOut,
    ParticipationPage,
    ReceiptPage,
    StatementsOut,
    TimeEntryPage,
    ValuedYearsOut,
)

router = ninja.Router(tags=["organisation: company"])
MANAGE_MEMBERS = "organisations.manage_company_members"
INVALID_EMAIL = "Adresse e-mail invalide."
IMPORT_EXAMPLE = {
    "people": [
        {
            "email": "claire.martin@exemple.fr",
            "first_name": "Claire",
            "last_name": "Martin",
            "grade": "Cadre",
        },
        {"email": "paul.durand@exemple.fr"},
    ]
}


def _employees(company):
    return company.memberships.filter(role=Role.EMPLOYEE)


@router.get(
    "/organisation/company/employees",
    response={200: EmployeePage, **ERRORS},
    auth=read_token,
    operation_id="company_employees_list",
    summary="List the company's employees",
    description=(
        "Every employee membership of the token's company, current ones first, then ended ones "
        "(`ended_at` set). Paginated: `page`, `page_size` (100 at most)."
    ),
    openapi_extra=openapi(),
)
def employees_list(request, params: ninja.Query[PageParams]):
    company, user = company_of(request)
    require_perm(user, MANAGE_MEMBERS, company)
    memberships = (
        _employees(company).select_related("user").order_by("ended_at", "user__last_name", "pk")
    )
    return paginate(request, memberships, params, serialize.employee)


@router.post(
    "/organisation/company/employees/import",
    response={201: EmployeesImportOut, **ERRORS, 413: ERRORS[400]},
    auth=write_token,
    operation_id="company_employees_import",
    summary="Invite employees (all or none)",
    description=(
        "Sends an invitation e-mail to each person, as the employee screen does: people who "
        "already are current employees are skipped, a pending invitation to the same address is "
        "replaced. If any row is invalid, nobody is invited and the answer lists each bad row "
        "(`people.3.email`)."
    ),
    openapi_extra=openapi(body=EmployeesImportIn, example=IMPORT_EXAMPLE),
)
def employees_import(request):
    company, user = company_of(request)
    require_perm(user, MANAGE_MEMBERS, company)
    payload = parse(request, EmployeesImportIn)
    people, errors, seen = [], [], set()
    for index, person in enumerate(payload.people):
        email = person.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append((f"people.{index}.email", INVALID_EMAIL))
            continue
        if email not in seen:
            seen.add(email)
            people.append(
                {
                    "email": email,
                    "first_name": person.first_name.strip(),
                    "last_name": person.last_name.strip(),
                    "grade": person.grade.strip(),
                }
            )
    if errors:
        raise Refusal(400, "Requête invalide : corrigez les lignes indiquées.", errors)
    already = set(
        _employees(company).filter(ended_at__isnull=True).values_list("user__email", flat=True)
    )
    try:
        sent = invitations_send(organisation=company, role=Role.EMPLOYEE, people=people, by=user)
    except ValidationError as exc:
        raise refused_by_service(exc) from None
    invited = [
        {
            "email": i.email,
            "first_name": i.first_name,
            "last_name": i.last_name,
            "grade": i.grade,
            "expires_at": i.expires_at,
        }
        for i in sent
    ]
    skipped = [p["email"] for p in people if p["email"] in already]
    return ninja.Status(201, {"invited": invited, "already_members": skipped})


@router.post(
    "/organisation/company/employees/{membership_id}/end",
    response={200: EmployeeOut, **ERRORS},
    auth=write_token,
    operation_id="company_employee_end",
    summary="End an employee's membership",
    description=(
        "The person leaves the company on the platform (as with « Mettre fin » on the members "
        "screen): the membership gets an end date, nothing is deleted. 400 if it has already "
        "ended; 404 for a membership of another company."
    ),
    openapi_extra=openapi(),
)
def employee_end(request, membership_id: int):
    company, user = company_of(request)
    require_perm(user, MANAGE_MEMBERS, company)
    membership = get_or_404(_employees(company).select_related("user"), pk=membership_id)
    try:
        membership = membership_end(membership=membership, by=user)
    except ValidationError as exc:
        raise refused_by_service(exc) from None
    return serialize.employee(Membership.objects.select_related("user").get(pk=membership.pk))


@router.get(
    "/organisation/company/participations",
    response={200: ParticipationPage, **ERRORS},
    auth=read_token,
    operation_id="company_participations_list",
    summary="List the participations of the company's employees",
    description="Every participation of the company's employees, newest first. Paginated.",
    openapi_extra=openapi(),
)
def participations_list(request, params: ninja.Query[PageParams]):
    company, user = company_of(request)
    require_perm(user, "needs.approve_for_company", company)
    participations = Participation.objects.for_company(company).with_need().order_by("-pk")
    return paginate(request, participations, params, serialize.participation)


@router.get(
    "/organisation/company/time-entries",
    response={200: TimeEntryPage, **ERRORS},
    auth=read_token,
    operation_id="company_time_entries_list",
    summary="List the hours of the company's employees",
    description=(
        "Each time entry with its status (declared, validated, rejected, reversed), and for "
        "validated ones the hourly cost used and the valued amount in euros (null while "
        "awaiting a cost price). Optional filters: `status`, `year`. Paginated, newest first."
    ),
    openapi_extra=openapi(),
)
def time_entries_list(
    request,
    params: ninja.Query[PageParams],
    status: Literal["declared", "validated", "rejected", "reversed"] | None = None,
    year: int | None = ninja.Query(None, ge=2000, le=2100),
):
    company, user = company_of(request)
    require_perm(user, "needs.view_valued_hours_per_employee", company)
    entries = TimeEntry.objects.for_company(company).select_related(
        "participation__need", "participation__volunteer"
    )
    if status:
        entries = entries.filter(status=status)
    if year:
        entries = entries.filter(date__year=year)
    return paginate(
        request,
        entries.order_by("-date", "-pk"),
        params,
        lambda e: serialize.time_entry(e, with_value=True),
    )


@router.get(
    "/organisation/company/valued-hours",
    response={200: ValuedYearsOut, **ERRORS},
    auth=read_token,
    operation_id="company_valued_hours_by_year",
    summary="Validated hours and their value per year",
    description=(
        "Per calendar year: the validated hours of the company's employees, their valued "
        "amount (€) and the hours still awaiting a cost price — the totals of the « Heures "
        "valorisées » screen."
    ),
    openapi_extra=openapi(),
)
def valued_hours_by_year(request):
    company, user = company_of(request)
    require_perm(user, "needs.view_valued_hours_per_employee", company)
    years = defaultdict(lambda: {"hours": Decimal(0), "value": Decimal(0), "awaiting": Decimal(0)})
    for row in valued_hours(company=company):
        year = years[row["month"].year]
        for key in ("hours", "value", "awaiting"):
            year[key] += row[key]
    return {
        "years": [
            {
                "year": year,
                "validated_hours": serialize.money(totals["hours"]),
                "value": serialize.money(totals["value"]),
                "hours_awaiting_cost_price": serialize.money(totals["awaiting"]),
            }
            for year, totals in sorted(years.items())
        ]
    }


@router.get(
    "/organisation/company/receipts",
    response={200: ReceiptPage, **ERRORS},
    auth=read_token,
    operation_id="company_receipts_list",
    summary="List the tax receipts the company received",
    description=(
        "Every tax receipt issued to the company (cancelled ones included, `status`), newest "
        "first, with the address of its PDF. Optional filter: `year`. Paginated."
    ),
    openapi_extra=openapi(),
)
def receipts_list(
    request, params: ninja.Query[PageParams], year: int | None = ninja.Query(None, ge=2000, le=2100)
):
    company, user = company_of(request)
    receipts = Receipt.objects.filter(company=company).select_related("association").defer("pdf")
    if year:
        receipts = receipts.filter(year=year)
    visible = [r.pk for r in receipts if user.has_perm("documents.view_receipt", r)]
    receipts = receipts.filter(pk__in=visible).order_by("-issued_at", "-pk")
    return paginate(request, receipts, params, lambda r: serialize.receipt(request, r))


@router.get(
    "/organisation/company/receipts/{receipt_id}/pdf",
    response=ERRORS,
    auth=read_token,
    url_name="company_receipt_pdf",
    operation_id="company_receipt_pdf",
    summary="Download a tax receipt (PDF)",
    description="The receipt's PDF as issued (its SHA-256 is in the list). 404 for another's.",
    openapi_extra={
        **openapi(),
        "responses": {
            **openapi()["responses"],
            200: {
                "description": "Le PDF du reçu",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            },
        },
    },
)
def receipt_pdf(request, receipt_id: int):
    company, user = company_of(request)
    receipt = get_or_404(Receipt.objects.filter(company=company), pk=receipt_id)
    require_perm(user, "documents.view_receipt", receipt)
    response = HttpResponse(bytes(receipt.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recu-{receipt.number}.pdf"'
    return response


def _statement_url(request, end, fmt):
    return request.build_absolute_uri(
        reverse("api:company_statement_download", kwargs={"end_date": end.isoformat()})
        + f"?format={fmt}"
    )


@router.get(
    "/organisation/company/statements",
    response={200: StatementsOut, **ERRORS},
    auth=read_token,
    operation_id="company_statements_list",
    summary="The company's yearly statements",
    description=(
        "One statement per fiscal year recorded (the « Relevés » screen): receipted donations, "
        "receipts still to obtain, the retained amount and the tax reduction, with the "
        "addresses of the CSV and XLSX files."
    ),
    openapi_extra=openapi(),
)
def statements_list(request):
    company, user = company_of(request)
    require_perm(user, "documents.company_statement", company)
    items = []
    for fiscal_year in company.fiscal_years.order_by("-end_date"):
        statement = statements.company_statement(company, fiscal_year.end_date)
        summary = [
            {"key": key, "value": str(value)}
            for key, value in statements.statement_summary(statement)
        ]
        items.append(
            {
                "fiscal_year_end": fiscal_year.end_date,
                "summary": summary,
                "csv_url": _statement_url(request, fiscal_year.end_date, "csv"),
                "xlsx_url": _statement_url(request, fiscal_year.end_date, "xlsx"),
            }
        )
    return {"statements": items}


@router.get(
    "/organisation/company/statements/{end_date}",
    response=ERRORS,
    auth=read_token,
    url_name="company_statement_download",
    operation_id="company_statement_download",
    summary="Download a yearly statement (CSV, XLSX or PDF)",
    description=(
        "The statement of the fiscal year closed on `end_date` (AAAA-MM-JJ), as the screen "
        "gives it: `format=csv` (default), `xlsx` or `pdf`. 404 when no such fiscal year is "
        "recorded."
    ),
    openapi_extra={
        **openapi(),
        "responses": {
            **openapi()["responses"],
            200: {
                "description": "Le relevé",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                },
            },
        },
    },
)
def statement_download(
    request,
    end_date: datetime.date,
    format: Literal["csv", "xlsx", "pdf"] = "csv",  # noqa: A002
):
    company, user = company_of(request)
    require_perm(user, "documents.company_statement", company)
    get_or_404(company.fiscal_years, end_date=end_date)
    statement = statements.company_statement(company, end_date)
    name = f"releve-{company.siren}-{end_date.isoformat()}"
    if format == "pdf":
        response = HttpResponse(statements.statement_pdf(statement), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return export_response(name, statements.statement_sheets(statement), format)

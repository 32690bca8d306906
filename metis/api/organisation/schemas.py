"""Request and response schemas of the organisation API. Hours and euros are strings with two
decimals (``"3.50"``); dates are ISO 8601."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..pagination import page_of

DECIMAL = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "examples": ["3.50"]}
#: The same for a decimal that may be null (the pattern applies to strings only).
NULLABLE_DECIMAL = {"pattern": DECIMAL["pattern"], "examples": ["3.50", None]}


def decimal_field(description: str):
    return Field(description=description, json_schema_extra=DECIMAL)


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254, examples=["claire.martin@exemple.fr"])
    first_name: str = Field("", max_length=150, examples=["Claire"])
    last_name: str = Field("", max_length=150, examples=["Martin"])
    grade: str = Field(
        "",
        max_length=100,
        examples=["Cadre"],
        description="Optional: the grade whose cost price applies while the person has none.",
    )


class EmployeesImportIn(BaseModel):
    """The people to invite as employees: all are invited, or none (a bad row refuses all)."""

    model_config = ConfigDict(extra="forbid")
    people: list[PersonIn] = Field(min_length=1, max_length=500)


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Literal["not_done", "wrong_hours", "wrong_date", "out_of_scope", "other"] = Field(
        description="not_done, wrong_hours, wrong_date, out_of_scope or other."
    )
    note: str = Field("", max_length=2000, examples=["Le 12, la réunion a duré 2 h."])


class EmployeeOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "membership_id": 12,
                    "email": "claire.martin@exemple.fr",
                    "first_name": "Claire",
                    "last_name": "Martin",
                    "grade": "Cadre",
                    "started_at": "2026-01-05T09:00:00+01:00",
                    "ended_at": None,
                    "is_current": True,
                }
            ]
        }
    )
    membership_id: int
    email: str
    first_name: str
    last_name: str
    grade: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    is_current: bool


class InvitationOut(BaseModel):
    email: str
    first_name: str
    last_name: str
    grade: str
    expires_at: datetime.datetime


class EmployeesImportOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "invited": [
                        {
                            "email": "paul.durand@exemple.fr",
                            "first_name": "Paul",
                            "last_name": "Durand",
                            "grade": "",
                            "expires_at": "2026-12-20T10:00:00+01:00",
                        }
                    ],
                    "already_members": ["claire.martin@exemple.fr"],
                }
            ]
        }
    )
    invited: list[InvitationOut]
    already_members: list[str] = Field(description="E-mails skipped: already current employees.")


class ParticipationOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "need_id": 3,
                    "need_title": "Refonte du plan comptable",
                    "association_id": 2,
                    "association_name": "Les Amis du Parc",
                    "company_id": 5,
                    "company_name": "Sceaux Conseil",
                    "volunteer_name": "Claire Martin",
                    "status": "active",
                    "status_label": "Active",
                    "planned_hours": "20.00",
                    "reserved_hours": "20.00",
                    "planned_starts_on": "2026-03-01",
                    "planned_ends_on": "2026-06-30",
                    "created_at": "2026-02-10T14:00:00+01:00",
                }
            ]
        }
    )
    id: int
    need_id: int
    need_title: str
    association_id: int
    association_name: str
    company_id: int
    company_name: str
    volunteer_name: str
    status: str
    status_label: str
    planned_hours: str | None = decimal_field("Hours planned at the employer's approval.")
    reserved_hours: str = decimal_field("Hours reserved on the ledger.")
    planned_starts_on: datetime.date | None
    planned_ends_on: datetime.date | None
    created_at: datetime.datetime


class TimeEntryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 42,
                    "participation_id": 7,
                    "need_title": "Refonte du plan comptable",
                    "volunteer_name": "Claire Martin",
                    "date": "2026-03-12",
                    "hours": "3.00",
                    "description": "Relecture du bilan",
                    "status": "validated",
                    "status_label": "Validée",
                    "rejection_reason": "",
                    "rejection_note": "",
                    "validated_at": "2026-03-13T09:30:00+01:00",
                    "hourly_cost": "45.10",
                    "value": "135.30",
                }
            ]
        }
    )
    id: int
    participation_id: int
    need_title: str
    volunteer_name: str
    date: datetime.date
    hours: str = decimal_field("Hours declared.")
    description: str
    status: Literal["declared", "validated", "rejected", "reversed"]
    status_label: str
    rejection_reason: str
    rejection_note: str
    validated_at: datetime.datetime | None
    hourly_cost: str | None = Field(
        None,
        description="Company tokens only: € per hour used.",
        json_schema_extra=NULLABLE_DECIMAL,
    )
    value: str | None = Field(
        None,
        description="Company tokens only: valued amount (€), null while awaiting a cost price.",
        json_schema_extra=NULLABLE_DECIMAL,
    )


class ValuedYearOut(BaseModel):
    year: int
    validated_hours: str = decimal_field("Validated hours of the year.")
    value: str = decimal_field("Their valued amount (€).")
    hours_awaiting_cost_price: str = decimal_field("Validated hours not valued yet.")


class ValuedYearsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "years": [
                        {
                            "year": 2026,
                            "validated_hours": "36.00",
                            "value": "1623.60",
                            "hours_awaiting_cost_price": "0.00",
                        }
                    ]
                }
            ]
        }
    )
    years: list[ValuedYearOut]


class ReceiptOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 9,
                    "number": "2026-0003",
                    "association_id": 2,
                    "association_name": "Les Amis du Parc",
                    "year": 2026,
                    "period_start": "2026-01-01",
                    "period_end": "2026-06-30",
                    "hours": "36.00",
                    "amount": "1623.60",
                    "status": "issued",
                    "issued_at": "2026-07-02T10:00:00+02:00",
                    "sha256": "9f86d0…",
                    "pdf_url": "https://metis.example/api/v1/organisation/company/receipts/9/pdf",
                }
            ]
        }
    )
    id: int
    number: str
    association_id: int
    association_name: str
    year: int
    period_start: datetime.date
    period_end: datetime.date
    hours: str = decimal_field("Hours receipted.")
    amount: str = decimal_field("Amount receipted (€).")
    status: Literal["issued", "cancelled"]
    issued_at: datetime.datetime
    sha256: str
    pdf_url: str


class StatementLineOut(BaseModel):
    key: str
    value: str


class StatementOut(BaseModel):
    fiscal_year_end: datetime.date
    summary: list[StatementLineOut] = Field(
        description="The statement's figures (keys as in the CSV export, amounts in €)."
    )
    csv_url: str
    xlsx_url: str


class StatementsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "statements": [
                        {
                            "fiscal_year_end": "2025-12-31",
                            "summary": [{"key": "total_dons_eur", "value": "1623.60"}],
                            "csv_url": "https://metis.example/api/v1/organisation/company/statements/"
                            "2025-12-31?format=csv",
                            "xlsx_url": "https://metis.example/api/v1/organisation/company/statements/"
                            "2025-12-31?format=xlsx",
                        }
                    ]
                }
            ]
        }
    )
    statements: list[StatementOut]


EmployeePage = page_of(EmployeeOut)
ParticipationPage = page_of(ParticipationOut)
TimeEntryPage = page_of(TimeEntryOut)
ReceiptPage = page_of(ReceiptOut)

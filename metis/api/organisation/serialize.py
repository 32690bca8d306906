"""Rows of the organisation API from the models (decimals as two-place strings)."""

from django.urls import reverse

from metis.core.hours import quantize


def money(value) -> str | None:
    return None if value is None else str(quantize(value))


def employee(membership) -> dict:
    user = membership.user
    return {
        "membership_id": membership.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "grade": membership.grade,
        "started_at": membership.started_at,
        "ended_at": membership.ended_at,
        "is_current": membership.ended_at is None,
    }


def participation(p) -> dict:
    return {
        "id": p.pk,
        "need_id": p.need_id,
        "need_title": p.need.title,
        "association_id": p.need.association_id,
        "association_name": p.need.association.name,
        "company_id": p.company_id,
        "company_name": p.company.name,
        "volunteer_name": p.volunteer.get_full_name(),
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "planned_hours": money(p.planned_hours),
        "reserved_hours": money(p.reserved_hours),
        "planned_starts_on": p.planned_starts_on,
        "planned_ends_on": p.planned_ends_on,
        "created_at": p.created_at,
    }


def time_entry(entry, *, with_value: bool) -> dict:
    return {
        "id": entry.pk,
        "participation_id": entry.participation_id,
        "need_title": entry.participation.need.title,
        "volunteer_name": entry.participation.volunteer.get_full_name(),
        "date": entry.date,
        "hours": money(entry.hours),
        "description": entry.description,
        "status": entry.status,
        "status_label": str(entry.get_status_display()),
        "rejection_reason": entry.rejection_reason,
        "rejection_note": entry.rejection_note,
        "validated_at": entry.validated_at,
        "hourly_cost": money(entry.hourly_cost) if with_value else None,
        "value": money(entry.value) if with_value else None,
    }


def receipt(request, r) -> dict:
    return {
        "id": r.pk,
        "number": r.number,
        "association_id": r.association_id,
        "association_name": r.association.name,
        "year": r.year,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "hours": money(r.hours),
        "amount": money(r.amount),
        "status": r.status,
        "issued_at": r.issued_at,
        "sha256": r.sha256,
        "pdf_url": request.build_absolute_uri(
            reverse("api:company_receipt_pdf", kwargs={"receipt_id": r.pk})
        ),
    }

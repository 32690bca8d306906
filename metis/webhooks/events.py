"""The events announced to webhooks and their payloads (docs/webhooks.md). `metis.workflow`
calls these from the receivers of the lower apps' signals, inside their transaction.

Payloads are small: identifiers, dates (ISO 8601), hours and amounts as decimal strings with two
places, the organisations' ids; the people only by their id."""

from metis.core.hours import quantize

from .models import EventKind
from .services import event_emit


def _decimal(value) -> str | None:
    return None if value is None else str(quantize(value))


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def _participation_data(participation) -> dict:
    return {
        "participation_id": participation.pk,
        "need_id": participation.need_id,
        "company_id": participation.company_id,
        "association_id": participation.need.association_id,
        "volunteer_id": participation.volunteer_id,
        "status": participation.status,
        "planned_hours": _decimal(participation.planned_hours),
        "planned_starts_on": _moment(participation.planned_starts_on),
        "planned_ends_on": _moment(participation.planned_ends_on),
    }


def _emit_participation(kind, participation, extra):
    event_emit(
        kind=kind,
        data={**_participation_data(participation), **extra},
        company=participation.company,
        association=participation.need.association,
    )


def participation_approved(participation):
    _emit_participation(
        EventKind.PARTICIPATION_APPROVED,
        participation,
        {"approved_at": _moment(participation.approved_at)},
    )


def participation_completed(participation):
    _emit_participation(
        EventKind.PARTICIPATION_COMPLETED,
        participation,
        {"completed_at": _moment(participation.ended_at)},
    )


def _emit_hours(kind, entry, extra):
    participation = entry.participation
    event_emit(
        kind=kind,
        data={
            "time_entry_id": entry.pk,
            "participation_id": participation.pk,
            "need_id": participation.need_id,
            "company_id": participation.company_id,
            "association_id": participation.need.association_id,
            "volunteer_id": participation.volunteer_id,
            "date": _moment(entry.date),
            "hours": _decimal(entry.hours),
            **extra,
        },
        company=participation.company,
        association=participation.need.association,
    )


def hours_validated(entry):
    _emit_hours(EventKind.HOURS_VALIDATED, entry, {"validated_at": _moment(entry.validated_at)})


def hours_rejected(entry):
    _emit_hours(EventKind.HOURS_REJECTED, entry, {"rejection_reason": entry.rejection_reason})


def _emit_receipt(kind, receipt, extra):
    event_emit(
        kind=kind,
        data={
            "receipt_id": receipt.pk,
            "number": receipt.number,
            "company_id": receipt.company_id,
            "association_id": receipt.association_id,
            "period_start": _moment(receipt.period_start),
            "period_end": _moment(receipt.period_end),
            "hours": _decimal(receipt.hours),
            "amount": _decimal(receipt.amount),
            "issued_at": _moment(receipt.issued_at),
            "replaces_id": receipt.replaces_id,
            **extra,
        },
        company=receipt.company,
        association=receipt.association,
    )


def receipt_issued(receipt):
    _emit_receipt(EventKind.RECEIPT_ISSUED, receipt, {})


def receipt_cancelled(receipt):
    _emit_receipt(
        EventKind.RECEIPT_CANCELLED, receipt, {"cancelled_at": _moment(receipt.cancelled_at)}
    )

"""Writes of extra-hours requests: the volunteer or the association asks, the employer approves
(a new reservation) or refuses."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.permissions import is_manager_of_association
from metis.ledger import services as ledger
from metis.ledger.services import InsufficientBalance

from .. import signals
from ..enums import RESERVED_STATUSES, ExtraHoursStatus, ParticipationStatus, RefusalReason
from ..models import ExtraHoursRequest, Participation
from .common import NOT_ENOUGH_HOURS, WRONG_STATE, checked_reason, locked, require, to_decimal
from .time_entries import short_hours

# What one participation may have pending at once (a request grows until the employer decides).
MAX_EXTRA_HOURS = Decimal("200")

EXTRA_NOT_PENDING = _("This request has already been decided.")
EXTRA_NOT_ALLOWED = _("Only the volunteer or a manager of the association can ask for extra hours.")
EXTRA_NOT_ON_CIVIC_DAY = _(
    "A civic day has the hours booked on it (one or two half-days): no extra hours."
)
EXTRA_NOT_ACTIVE = _("Extra hours can be asked only on an active participation.")
EXTRA_HOURS_INVALID = _(
    "Give a number of hours greater than 0; at most %(max)s extra hours can await the employer "
    "at once (%(pending)s already asked)."
)
EXTRA_REASON_REQUIRED = _("Say why more hours are needed.")


@transaction.atomic
def extra_hours_request(*, participation, by, hours, reason: str) -> ExtraHoursRequest:
    """The volunteer or a manager of the association asks the employer for `hours` more on an
    active participation: one pending request per participation, grown if one is pending."""
    participation = locked(Participation, participation)
    require(
        by is not None
        and (
            participation.volunteer_id == by.pk
            or is_manager_of_association(by, participation.need.association)
        ),
        EXTRA_NOT_ALLOWED,
        code="not_allowed",
    )
    require(
        participation.status == ParticipationStatus.ACTIVE, EXTRA_NOT_ACTIVE, code="wrong_state"
    )
    require(not participation.is_civic_day, EXTRA_NOT_ON_CIVIC_DAY, code="civic_day")
    pending = participation.extra_hours_requests.select_for_update().pending().first()
    already = pending.hours if pending else Decimal(0)
    errors = {}
    hours = to_decimal(hours)
    if hours is None or hours <= 0 or already + hours > MAX_EXTRA_HOURS:
        errors["hours"] = ValidationError(
            EXTRA_HOURS_INVALID,
            params={"max": short_hours(MAX_EXTRA_HOURS), "pending": short_hours(already)},
        )
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = EXTRA_REASON_REQUIRED
    if errors:
        raise ValidationError(errors)
    if pending is None:
        request = ExtraHoursRequest.objects.create(
            participation=participation, hours=hours, requested_by=by, request_note=reason
        )
    else:
        request = pending
        request.hours += hours
        request.request_note = f"{request.request_note}\n{reason}".strip()
        request.save(update_fields=["hours", "request_note", "updated_at"])
    signals.extra_hours_requested.send(ExtraHoursRequest, request=request)
    return request


@transaction.atomic
def extra_hours_approve(*, request, by) -> ExtraHoursRequest:
    """The employer approves the extra hours: a new reservation, under the same limits."""
    request = locked(ExtraHoursRequest, request)
    require(request.status == ExtraHoursStatus.PENDING, EXTRA_NOT_PENDING)
    participation = locked(Participation, request.participation)
    require(participation.status in RESERVED_STATUSES, WRONG_STATE)
    need = participation.need
    try:
        with transaction.atomic():
            posting = ledger.reservation_made(
                programme=need.programme,
                association=need.association,
                company=participation.company,
                participation_id=participation.pk,
                hours=request.hours,
                by=by,
                memo=f"extra hours request {request.pk}",
                idempotency_key=f"extra-hours-{request.pk}",
            )
    except InsufficientBalance as error:
        raise ValidationError(
            NOT_ENOUGH_HOURS, code="insufficient_balance", params={"detail": error.messages[0]}
        ) from None
    participation.reserved_hours += request.hours
    participation._change_reason = f"extra hours {request.pk}"
    participation.save()
    request.status = ExtraHoursStatus.APPROVED
    request.posting = posting
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    return request


@transaction.atomic
def extra_hours_refuse(*, request, by, reason: str, note: str = "") -> ExtraHoursRequest:
    request = locked(ExtraHoursRequest, request)
    require(request.status == ExtraHoursStatus.PENDING, EXTRA_NOT_PENDING)
    request.status = ExtraHoursStatus.REFUSED
    request.reason_code = checked_reason(reason, RefusalReason)
    request.reason_note = (note or "").strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    return request

"""Writes of extra-hours requests: the employer approves (a new reservation) or refuses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.ledger import services as ledger
from metis.ledger.services import InsufficientBalance

from ..enums import RESERVED_STATUSES, ExtraHoursStatus, RefusalReason
from ..models import ExtraHoursRequest, Participation
from .common import NOT_ENOUGH_HOURS, WRONG_STATE, checked_reason, locked, require

EXTRA_NOT_PENDING = _("This request has already been decided.")


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

"""An association's token: its participations and time entries; validating or rejecting
declared hours through the services and permission of the « Heures à valider » screen."""

from typing import Literal

import ninja
from django.core.exceptions import ValidationError

from metis.needs.enums import TimeEntryStatus
from metis.needs.models import Participation, TimeEntry
from metis.needs.services.time_entries import (
    ENTRY_NOT_DECLARED,
    time_entry_reject,
    time_entry_validate,
)
from metis.tokens.auth import read_token, write_token

from . import serialize
from .common import (
    ERRORS,
    PageParams,
    Refusal,
    association_of,
    get_or_404,
    openapi,
    paginate,
    parse,
    refused_by_service,
    require_perm,
)
from .schemas import ParticipationPage, RejectIn, TimeEntryOut, TimeEntryPage

router = ninja.Router(tags=["organisation: association"])
MANAGE = "needs.manage_association_needs"
VALIDATE = "needs.validate_time_entry"


def _entries(association):
    return TimeEntry.objects.for_association(association).select_related(
        "participation__need", "participation__volunteer"
    )


def _entry_out(entry):
    """The entry as written, re-read with what its row shows."""
    return serialize.time_entry(
        TimeEntry.objects.select_related("participation__need", "participation__volunteer").get(
            pk=entry.pk
        ),
        with_value=False,
    )


@router.get(
    "/organisation/association/participations",
    response={200: ParticipationPage, **ERRORS},
    auth=read_token,
    operation_id="association_participations_list",
    summary="List the association's participations",
    description="Every participation in the association's needs, newest first. Paginated.",
    openapi_extra=openapi(),
)
def participations_list(request, params: ninja.Query[PageParams]):
    association, user = association_of(request)
    require_perm(user, MANAGE, association)
    participations = Participation.objects.for_association(association).with_need().order_by("-pk")
    return paginate(request, participations, params, serialize.participation)


@router.get(
    "/organisation/association/time-entries",
    response={200: TimeEntryPage, **ERRORS},
    auth=read_token,
    operation_id="association_time_entries_list",
    summary="List the hours declared on the association's needs",
    description=(
        "Each time entry with its status; `status=declared` gives the hours awaiting your "
        "validation. Paginated, oldest first (the order in which to validate them)."
    ),
    openapi_extra=openapi(),
)
def time_entries_list(
    request,
    params: ninja.Query[PageParams],
    status: Literal["declared", "validated", "rejected", "reversed"] | None = None,
):
    association, user = association_of(request)
    require_perm(user, MANAGE, association)
    entries = _entries(association)
    if status:
        entries = entries.filter(status=status)
    return paginate(
        request,
        entries.order_by("date", "pk"),
        params,
        lambda e: serialize.time_entry(e, with_value=False),
    )


def _require_declared(entry) -> None:
    """Hours already validated, rejected or reversed: a conflict with their state (409)."""
    if entry.status != TimeEntryStatus.DECLARED:
        raise Refusal(409, str(ENTRY_NOT_DECLARED))


@router.post(
    "/organisation/association/time-entries/{entry_id}/validate",
    response={200: TimeEntryOut, **ERRORS, 409: ERRORS[400]},
    auth=write_token,
    operation_id="association_time_entry_validate",
    summary="Validate declared hours",
    description=(
        "Declared → validated, as on the « Heures à valider » screen: the hours move from the "
        "participation's reservation to the hours delivered on the association's credit (one "
        "ledger posting), then the employer values them. 409 when the entry is not declared "
        "(any more); 400 when it goes beyond the reservation; 404 for an entry of another "
        "association."
    ),
    openapi_extra=openapi(),
)
def time_entry_validate_op(request, entry_id: int):
    association, user = association_of(request)
    entry = get_or_404(_entries(association), pk=entry_id)
    require_perm(user, VALIDATE, entry)
    _require_declared(entry)
    try:
        entry = time_entry_validate(entry=entry, by=user)
    except ValidationError as exc:
        raise refused_by_service(exc) from None
    return _entry_out(entry)


@router.post(
    "/organisation/association/time-entries/{entry_id}/reject",
    response={200: TimeEntryOut, **ERRORS, 409: ERRORS[400], 413: ERRORS[400]},
    auth=write_token,
    operation_id="association_time_entry_reject",
    summary="Reject declared hours, with a reason",
    description=(
        "Declared → rejected with a reason (`not_done`, `wrong_hours`, `wrong_date`, "
        "`out_of_scope`, `other`) and an optional note for the volunteer, who may declare again. "
        "Nothing is posted on the ledger. 409 when the entry is not declared (any more)."
    ),
    openapi_extra=openapi(
        body=RejectIn, example={"reason": "wrong_hours", "note": "La réunion a duré 2 h."}
    ),
)
def time_entry_reject_op(request, entry_id: int):
    association, user = association_of(request)
    entry = get_or_404(_entries(association), pk=entry_id)
    require_perm(user, VALIDATE, entry)
    payload = parse(request, RejectIn)
    _require_declared(entry)
    try:
        entry = time_entry_reject(entry=entry, by=user, reason=payload.reason, note=payload.note)
    except ValidationError as exc:
        raise refused_by_service(exc) from None
    return _entry_out(entry)

"""Writes of participations: apply, invite, accept, refuse, approve (reserves the planned
hours), withdraw. Activation belongs to metis.documents (the documents accepted). `now` (None:
the present) is the clock of a replay (metis.core.clock)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import Membership, VolunteerProfile
from metis.accounts.permissions import is_manager_of_association
from metis.core.clock import save_at
from metis.ledger import services as ledger
from metis.ledger.services import InsufficientBalance
from metis.programmes.enums import PledgeStatus
from metis.programmes.models import Pledge

from .. import signals
from ..enums import (
    RESERVED_STATUSES,
    ExtraHoursStatus,
    NeedStatus,
    ParticipationOrigin,
    ParticipationStatus,
    RefusalReason,
    RejectionReason,
    TimeEntryStatus,
    WithdrawalReason,
)
from ..models import Need, Participation
from .common import (
    NOT_ENOUGH_HOURS,
    PERIOD_REVERSED,
    WRONG_STATE,
    checked_reason,
    locked,
    require,
    to_decimal,
)

NEED_NOT_OPEN = _("This need does not take volunteers any more.")
ONLY_THE_ASSOCIATION_ACCEPTS = _("Only the association's managers can accept an application.")
ONLY_THE_EMPLOYEE_ACCEPTS = _(
    "Only the invited employee can accept an invitation: the loan needs their own agreement."
)
NOT_AN_EMPLOYEE = _("Only an employee of a company can take part.")
NO_PLEDGE = _("%(company)s has no signed pledge in the programme of this need.")
ALREADY_PARTICIPATING = _("This volunteer already takes part in this need.")
NOT_CONSENTING = _("This volunteer has not agreed to be suggested to associations.")
PLANNED_HOURS_INVALID = _("Give planned hours greater than 0.")
PLANNED_DATES_REQUIRED = _("Give the planned start and end dates.")
PLANNED_DATES_OUTSIDE = _("The planned dates must fall within the programme's period.")
CIVIC_DAY_AS_BOOKED = _("A civic day is approved as booked: the day and its hours cannot change.")


def employer_of(user):
    """The company where the user is currently an employee (the first one), or None."""
    membership = (
        Membership.objects.current()
        .filter(user=user, role=Role.EMPLOYEE)
        .select_related("company")
        .order_by("started_at")
        .first()
    )
    return membership.company if membership else None


def _check_can_join(need, volunteer, company, *, now=None):
    require(need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS), NEED_NOT_OPEN)
    require(need.ends_on >= timezone.localdate(now), NEED_NOT_OPEN)  # not expired
    require(company is not None, NOT_AN_EMPLOYEE)
    require(
        Pledge.objects.filter(
            programme=need.programme,
            company=company,
            status__in=[PledgeStatus.SIGNED, PledgeStatus.CLOSED],
        ).exists(),
        NO_PLEDGE,
        company=company.name,
    )
    require(
        not need.participations.open().filter(volunteer=volunteer).exists(),
        ALREADY_PARTICIPATING,
    )


def participation_create(*, now=None, **fields):
    participation = Participation(**fields)
    try:
        with transaction.atomic():
            save_at(participation, now)
    except IntegrityError:
        raise ValidationError(ALREADY_PARTICIPATING) from None
    return participation


@transaction.atomic
def participation_apply(
    *,
    need,
    volunteer,
    message: str = "",
    company=None,
    now: datetime.datetime | None = None,
) -> Participation:
    need = locked(Need, need)
    company = company or employer_of(volunteer)
    _check_can_join(need, volunteer, company, now=now)
    participation = participation_create(
        now=now,
        need=need,
        volunteer=volunteer,
        company=company,
        origin=ParticipationOrigin.APPLICATION,
        status=ParticipationStatus.APPLIED,
        message=(message or "").strip(),
    )
    signals.participation_applied.send(Participation, participation=participation)
    return participation


@transaction.atomic
def participation_invite(*, need, volunteer, by, message: str = "") -> Participation:
    need = locked(Need, need)
    company = employer_of(volunteer)
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    require(profile is not None and profile.consents_to_suggestions, NOT_CONSENTING)
    _check_can_join(need, volunteer, company)
    participation = participation_create(
        need=need,
        volunteer=volunteer,
        company=company,
        origin=ParticipationOrigin.INVITATION,
        status=ParticipationStatus.INVITED,
        message=(message or "").strip(),
    )
    signals.participation_invited.send(Participation, participation=participation)
    return participation


@transaction.atomic
def participation_accept(
    *, participation, by, now: datetime.datetime | None = None
) -> Participation:
    """The association accepts an application, or the invited volunteer accepts: the
    participation now awaits the employer's approval. Each consent comes from its own party
    (Code du travail L8241-2: the employee's own agreement): an application only by the
    association's managers, an invitation only by the invited employee."""
    participation = locked(Participation, participation)
    require(
        participation.status in (ParticipationStatus.APPLIED, ParticipationStatus.INVITED),
        WRONG_STATE,
    )
    if participation.status == ParticipationStatus.APPLIED:
        require(
            is_manager_of_association(by, participation.need.association),
            ONLY_THE_ASSOCIATION_ACCEPTS,
            code="not_the_association",
        )
    else:
        require(
            by is not None and by.pk == participation.volunteer_id,
            ONLY_THE_EMPLOYEE_ACCEPTS,
            code="not_the_employee",
        )
    participation.status = ParticipationStatus.ACCEPTED
    participation._change_reason = f"accepted by {by.pk}"
    save_at(participation, now)
    signals.participation_accepted.send(Participation, participation=participation, by=by)
    return participation


@transaction.atomic
def participation_refuse(
    *, participation, by, reason: str, note: str = "", now: datetime.datetime | None = None
) -> Participation:
    """The association refuses an application, the invited volunteer declines, or the employer
    refuses to approve."""
    participation = locked(Participation, participation)
    require(
        participation.status
        in (ParticipationStatus.APPLIED, ParticipationStatus.INVITED, ParticipationStatus.ACCEPTED),
        WRONG_STATE,
    )
    participation_end(
        participation,
        by=by,
        status=ParticipationStatus.REFUSED,
        reason=checked_reason(reason, RefusalReason),
        note=note,
        now=now,
    )
    signals.participation_refused.send(Participation, participation=participation, by=by)
    return participation


def participation_end(participation, *, by, status, reason, note, now=None):
    if participation.status in RESERVED_STATUSES:
        need = participation.need
        memo = f"participation {participation.pk} {status}"
        if participation.is_civic_day:
            ledger.civic_released(
                programme=participation.civic_programme,
                person=participation.volunteer,
                participation_id=participation.pk,
                by=by,
                memo=memo,
                occurred_on=timezone.localdate(now),
            )
        else:
            ledger.reservation_released(
                programme=need.programme,
                association=need.association,
                company=participation.company,
                participation_id=participation.pk,
                by=by,
                memo=memo,
                occurred_on=timezone.localdate(now),
            )
    was_reserved = participation.status in RESERVED_STATUSES
    participation.status = status
    participation.reason_code = reason
    participation.reason_note = (note or "").strip()
    participation.ended_at = now or timezone.now()
    participation.ended_by = by
    participation._change_reason = status
    save_at(participation, now)
    if was_reserved:
        # The last reserved volunteer gone, the need looks for volunteers again.
        Need.objects.filter(pk=participation.need_id, status=NeedStatus.IN_PROGRESS).exclude(
            participations__status__in=RESERVED_STATUSES
        ).update(status=NeedStatus.PUBLISHED)
    if status == ParticipationStatus.COMPLETED:
        signals.participation_completed.send(
            Participation, participation=participation, by=by, now=now
        )


@transaction.atomic
def participation_approve(
    *,
    participation,
    by,
    planned_hours,
    starts_on: datetime.date,
    ends_on: datetime.date,
    now: datetime.datetime | None = None,
) -> Participation:
    """The employer approves work time: accepted → approved, reserving the planned hours on the
    association's credit and the company's pledge (InsufficientBalance → a clear refusal,
    nothing written). The loan agreement and the contract amendment are then prepared
    (metis.workflow → metis.documents); their acceptance by every party activates the
    participation (metis.documents.services.activation)."""
    participation = locked(Participation, participation)
    require(participation.status == ParticipationStatus.ACCEPTED, WRONG_STATE)
    hours = to_decimal(planned_hours)
    if hours is None or hours <= 0:
        raise ValidationError({"planned_hours": PLANNED_HOURS_INVALID})
    if not starts_on or not ends_on:
        raise ValidationError({"planned_starts_on": PLANNED_DATES_REQUIRED})
    if ends_on < starts_on:
        raise ValidationError({"planned_ends_on": PERIOD_REVERSED})
    need = participation.need
    if participation.is_civic_day:
        require(
            (hours, starts_on, ends_on)
            == (
                participation.planned_hours,
                participation.planned_starts_on,
                participation.planned_ends_on,
            ),
            CIVIC_DAY_AS_BOOKED,
        )
    programme = participation.ledger_programme
    if not (programme.covers(starts_on) and programme.covers(ends_on)):
        raise ValidationError({"planned_ends_on": PLANNED_DATES_OUTSIDE})
    try:
        with transaction.atomic():
            _reserve(participation, hours, by=by, now=now)
    except InsufficientBalance as error:
        raise ValidationError(
            NOT_ENOUGH_HOURS,
            code="insufficient_balance",
            params={"detail": error.messages[0]},
        ) from None
    participation.status = ParticipationStatus.APPROVED
    participation.planned_hours = hours
    participation.planned_starts_on = starts_on
    participation.planned_ends_on = ends_on
    participation.reserved_hours = hours
    participation.approved_by = by
    participation.approved_at = now or timezone.now()
    participation._change_reason = "approved"
    save_at(participation, now)
    if need.status == NeedStatus.PUBLISHED:
        Need.objects.filter(pk=need.pk).update(status=NeedStatus.IN_PROGRESS)
    signals.participation_approved.send(Participation, participation=participation, by=by, now=now)
    return participation


def _reserve(participation, hours, *, by, now):
    """The approved hours leave the person's civic account (a civic day), else the
    association's credit and the company's pledge."""
    memo = f"participation {participation.pk} approved"
    if participation.is_civic_day:
        ledger.civic_reserved(
            programme=participation.civic_programme,
            person=participation.volunteer,
            participation_id=participation.pk,
            hours=hours,
            by=by,
            memo=memo,
            occurred_on=timezone.localdate(now),
        )
        return
    need = participation.need
    ledger.reservation_made(
        programme=need.programme,
        association=need.association,
        company=participation.company,
        participation_id=participation.pk,
        hours=hours,
        by=by,
        memo=memo,
        idempotency_key=f"participation-approved-{participation.pk}",
        occurred_on=timezone.localdate(now),
    )


def participations_approve_bulk(*, participations, by, planned: dict) -> tuple[list, dict]:
    """Approve several participations, each in its own transaction. planned: {participation
    pk: (hours, starts_on, ends_on)}. Returns (approved, {pk: error message})."""
    approved, errors = [], {}
    for participation in participations:
        hours, starts_on, ends_on = planned[participation.pk]
        try:
            approved.append(
                participation_approve(
                    participation=participation,
                    by=by,
                    planned_hours=hours,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
            )
        except ValidationError as error:
            errors[participation.pk] = " ".join(error.messages)
    return approved, errors


@transaction.atomic
def participation_withdraw(*, participation, by, reason: str, note: str = "") -> Participation:
    """Either side withdraws; the unused reservation goes back to the credit and the pledge.
    Declared (not validated) hours are rejected with the withdrawal."""
    participation = locked(Participation, participation)
    require(
        participation.status
        in (ParticipationStatus.ACCEPTED, ParticipationStatus.APPROVED, ParticipationStatus.ACTIVE),
        WRONG_STATE,
    )
    reason = checked_reason(reason, WithdrawalReason)
    participation.time_entries.declared().update(
        status=TimeEntryStatus.REJECTED,
        rejection_reason=RejectionReason.OTHER,
        rejection_note=str(_("Participation withdrawn.")),
    )
    participation.extra_hours_requests.pending().update(
        status=ExtraHoursStatus.REFUSED, decided_at=timezone.now(), decided_by=by
    )
    participation_end(
        participation, by=by, status=ParticipationStatus.WITHDRAWN, reason=reason, note=note
    )
    return participation

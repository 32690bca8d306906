"""Writes of declared hours: declare (within the reservation), validate (valued at the
employee's cost price), reject, reverse."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from metis.accounts.models import User
from metis.core.hours import quantize
from metis.ledger import services as ledger
from metis.ledger.selectors import last_reservation_date
from metis.ledger.services import InsufficientBalance

from .. import signals
from ..enums import ParticipationStatus, RejectionReason, TimeEntryStatus
from ..models import MAX_HOURS_PER_DAY, Participation, TimeEntry
from .common import checked_reason, locked, require, to_decimal

ENTRY_NOT_ACTIVE = _("Hours can be declared only on an active participation.")
ENTRY_IN_FUTURE = _("The date is in the future.")
ENTRY_OUTSIDE_PARTICIPATION = _(
    "The date is outside the participation (%(starts_on)s – %(ends_on)s)."
)
ENTRY_BEFORE_DOCUMENTS = _(
    "Hours can be declared only from %(date)s, the day the loan agreement and the contract "
    "amendment were accepted by every party."
)
ENTRY_HOURS_INVALID = _("Give a duration greater than 0 and at most 10 hours.")
ENTRY_DAY_LIMIT = _("At most %(max)s hours a day: %(already)s h are already declared for this day.")
ENTRY_DUPLICATE = _("Hours are already declared for this day on this participation.")
ENTRY_DESCRIPTION_REQUIRED = _("Say what was done.")
ENTRY_NOT_DECLARED = _("Only declared hours can be validated or rejected.")
ENTRY_NOT_VALIDATED = _("Only validated hours can be reversed.")
ENTRY_BEYOND_APPROVED = _(
    "%(left)s h are left of the %(reserved)s h approved by the employer: ask for extra hours."
)
ENTRY_BEYOND_APPROVED_ASKED = _(
    "%(left)s h are left of the %(reserved)s h approved by the employer; %(asked)s extra hours "
    "are awaiting the employer's approval."
)
ENTRY_BEYOND_RESERVATION = _(
    "These hours go beyond the hours the employer approved: they can be validated once the "
    "employer approves the extra hours."
)


@transaction.atomic
def time_entry_declare(
    *, participation, by, date: datetime.date, hours, description: str
) -> TimeEntry:
    """Declare hours for one day, within the hours the employer approved: beyond them the
    declaration is refused with what is left (extra hours are asked with
    `extra_hours.extra_hours_request`)."""
    # With its need's association, which the managers' notice names.
    participation = locked(Participation, participation, "need__association")
    require(participation.status == ParticipationStatus.ACTIVE, ENTRY_NOT_ACTIVE)
    errors = {}
    hours = to_decimal(hours)
    if hours is None or hours <= 0 or hours > MAX_HOURS_PER_DAY:
        errors["hours"] = ENTRY_HOURS_INVALID
    if not (description or "").strip():
        errors["description"] = ENTRY_DESCRIPTION_REQUIRED
    if date is None or date > timezone.localdate():
        errors["date"] = ENTRY_IN_FUTURE
    elif not (participation.planned_starts_on <= date <= participation.planned_ends_on):
        errors["date"] = ValidationError(
            ENTRY_OUTSIDE_PARTICIPATION,
            params={
                "starts_on": participation.planned_starts_on.strftime("%d/%m/%Y"),
                "ends_on": participation.planned_ends_on.strftime("%d/%m/%Y"),
            },
        )
    elif date < timezone.localdate(participation.activated_at):
        # No hour outside the loan (docs/rules.md § 2, L8241-2): nothing before every party
        # accepted the agreement and the amendment, which is when the participation became active.
        errors["date"] = ValidationError(
            ENTRY_BEFORE_DOCUMENTS,
            params={"date": timezone.localdate(participation.activated_at).strftime("%d/%m/%Y")},
        )
    elif participation.time_entries.counting().filter(date=date).exists():
        errors["date"] = ENTRY_DUPLICATE
    if errors:
        raise ValidationError(errors)
    # The daily limit is per person across participations: lock the person's row so that two
    # declarations for the same day are serialised.
    participation.volunteer = User.objects.select_for_update().get(pk=participation.volunteer_id)
    already = (
        TimeEntry.objects.counting()
        .filter(participation__volunteer_id=participation.volunteer_id, date=date)
        .aggregate(total=Sum("hours"))["total"]
        or 0
    )
    if already + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "hours": ValidationError(
                    ENTRY_DAY_LIMIT, params={"max": MAX_HOURS_PER_DAY, "already": already}
                )
            }
        )
    _require_within_reservation(participation, hours)
    try:
        with transaction.atomic():
            entry = TimeEntry.objects.create(
                participation=participation,
                date=date,
                hours=hours,
                description=description.strip(),
            )
    except IntegrityError:
        raise ValidationError({"date": ENTRY_DUPLICATE}) from None
    signals.hours_declared.send(TimeEntry, entry=entry)
    return entry


def short_hours(value) -> str:
    """Hours as people say them: `20`, `0,5`, `1 234,25`."""
    return number_format(quantize(value).normalize(), force_grouping=True)


def _require_within_reservation(participation, hours) -> None:
    """Counted hours (declared and validated) plus `hours` stay within the reservation
    (the participation's row is locked: declarations are serialised)."""
    counted = participation.time_entries.counting().total_hours()
    if counted + hours <= participation.reserved_hours:
        return
    left = max(participation.reserved_hours - counted, 0)
    params = {"left": short_hours(left), "reserved": short_hours(participation.reserved_hours)}
    pending = participation.extra_hours_requests.pending().first()
    if pending is None:
        error = ValidationError(ENTRY_BEYOND_APPROVED, code="beyond_reservation", params=params)
    else:
        error = ValidationError(
            ENTRY_BEYOND_APPROVED_ASKED,
            code="beyond_reservation",
            params={**params, "asked": short_hours(pending.hours)},
        )
    raise ValidationError({"hours": error})


@transaction.atomic
def time_entry_validate(*, entry, by, now: datetime.datetime | None = None) -> TimeEntry:
    """declared → validated: the hours move from the reservation to delivered (one posting);
    metis.valuation then values them at the employee's cost price of the entry's year (None:
    awaiting a cost price). `now`: the clock of a replay."""
    entry = (
        TimeEntry.objects.select_for_update(of=("self",))
        .select_related(
            "participation__need__programme",
            "participation__need__association",
            "participation__civic_programme",
            "participation__company",
            "participation__volunteer",
        )
        .get(pk=entry.pk)
    )
    require(entry.status == TimeEntryStatus.DECLARED, ENTRY_NOT_DECLARED)
    participation = entry.participation
    # Hours worked before their reservation was recorded are delivered on the reservation's
    # date: the reserved balance then never reads negative on any day (dashboards by month).
    reserved_on = last_reservation_date(participation.ledger_programme, participation.pk)
    occurred_on = max(entry.date, reserved_on) if reserved_on else entry.date
    try:
        # No savepoint: a refusal is raised on, and this whole validation rolls back.
        with transaction.atomic(savepoint=False):
            posting = _deliver(entry, by=by, occurred_on=occurred_on)
    except InsufficientBalance:
        raise ValidationError(ENTRY_BEYOND_RESERVATION, code="beyond_reservation") from None
    entry.status = TimeEntryStatus.VALIDATED
    entry.posting = posting
    entry.validated_by = by
    entry.validated_at = now or timezone.now()
    entry.save()
    signals.time_entry_validated.send(TimeEntry, entry=entry, by=by)
    return entry


def _deliver(entry, *, by, occurred_on):
    """The posting of validated hours: reserved → done on the person's civic account (a civic
    day), else reserved → delivered on the association's credit."""
    participation = entry.participation
    memo = f"time entry {entry.pk}"
    if participation.is_civic_day:
        return ledger.civic_done(
            programme=participation.civic_programme,
            person=participation.volunteer,
            participation_id=participation.pk,
            hours=entry.hours,
            by=by,
            memo=memo,
            occurred_on=occurred_on,
        )
    return ledger.time_validated(
        programme=participation.need.programme,
        association=participation.need.association,
        company=participation.company,
        participation_id=participation.pk,
        hours=entry.hours,
        by=by,
        occurred_on=occurred_on,
        memo=memo,
        idempotency_key=f"time-entry-validated-{entry.pk}",
    )


def _each(entries, write) -> tuple[list, dict]:
    """`write(entry)` for each entry, each in its own transaction: (written, {pk: message})."""
    written, errors = [], {}
    for entry in entries:
        try:
            written.append(write(entry))
        except ValidationError as error:
            errors[entry.pk] = " ".join(error.messages)
    return written, errors


def time_entries_validate_bulk(*, entries, by) -> tuple[list, dict]:
    """Validate several entries, each in its own transaction: (validated, {pk: message})."""
    return _each(entries, lambda entry: time_entry_validate(entry=entry, by=by))


def time_entries_reject_bulk(*, entries, by, reason: str, note: str = "") -> tuple[list, dict]:
    """Reject several entries, each in its own transaction: (rejected, {pk: message})."""
    return _each(
        entries, lambda entry: time_entry_reject(entry=entry, by=by, reason=reason, note=note)
    )


@transaction.atomic
def time_entry_reject(*, entry, by, reason: str, note: str = "") -> TimeEntry:
    entry = locked(TimeEntry, entry)
    require(entry.status == TimeEntryStatus.DECLARED, ENTRY_NOT_DECLARED)
    entry.status = TimeEntryStatus.REJECTED
    entry.rejection_reason = checked_reason(reason, RejectionReason)
    entry.rejection_note = (note or "").strip()
    entry.validated_by = by
    entry.save()
    signals.hours_rejected.send(TimeEntry, entry=entry)
    return entry


@transaction.atomic
def time_entry_reverse(*, entry, by, memo: str = "") -> TimeEntry:
    """Correct a validated entry: a reversing posting puts its hours back in the reservation;
    the volunteer may then declare the right hours for that day."""
    entry = locked(TimeEntry, entry)
    require(entry.status == TimeEntryStatus.VALIDATED, ENTRY_NOT_VALIDATED)
    # Guards of the apps above (e.g. hours covered by an issued receipt are frozen).
    signals.time_entry_reversing.send(TimeEntry, entry=entry, by=by)
    entry.reversal_posting = ledger.reverse(
        posting=entry.posting, by=by, memo=memo or f"time entry {entry.pk} reversed"
    )
    entry.status = TimeEntryStatus.REVERSED
    entry.save()
    return entry

"""A civic day booked, and the employer's answer (docs/rules.md § 8.8–8.9): an employee books one
or two half-days on a need open to civic days, at least 30 days ahead; the hours are held for the
booking on their account; the employer accepts or refuses with a reason within 15 days, else the
day counts as accepted. Accepted, the day follows the mission cycle of every participation
(metis.needs: approval reserves the hours on the person's account, documents, activation, hours,
validation)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.models import User
from metis.accounts.permissions import is_referent_of_company
from metis.core.formats import amount
from metis.needs.enums import (
    CIVIC_REFUSAL_REASONS,
    NeedStatus,
    ParticipationOrigin,
    ParticipationStatus,
    RefusalReason,
)
from metis.needs.models import Need, Participation
from metis.needs.services.participations import (
    employer_of,
    participation_approve,
    participation_create,
    participation_refuse,
)

from . import signals
from .selectors import civic_balance, civic_programme_of

HALF_DAY = Decimal("3.50")
NOTICE_DAYS = 30  # booked at least this long before the day
ANSWER_DAYS = 15  # the employer's answer is due this long after the booking

NOT_OPEN_TO_CIVIC_DAYS = _("This need does not take civic days.")
NEED_CLOSED = _("This need does not take volunteers any more.")
NOT_GENERAL_INTEREST = _(
    "Civic days go only to associations of general interest: this association is not one."
)
NOT_AN_EMPLOYEE = _("Only an employee of a company has civic days.")
HALF_DAYS_INVALID = _("Book one or two half-days.")
DAY_REQUIRED = _("Choose the day.")
DAY_TOO_SOON = _(
    "Book at least %(days)s days ahead (from %(date)s): your employer has 15 days to answer."
)
DAY_NOT_WORKING = _("A civic day is a working day: choose a day from Monday to Friday.")
DAY_OUTSIDE_NEED = _("Choose a day within the need's period (%(starts_on)s – %(ends_on)s).")
YEAR_NOT_OPEN = _("The civic days of %(year)s are not open yet.")
NOT_ENOUGH_HOURS = _(
    "Your civic days account of %(year)s has %(left)s h left: book fewer half-days."
)
ALREADY_BOOKED = _("You already take part in this need.")
NOT_A_BOOKING = _("This is not a civic day awaiting its employer's answer.")
NOT_THE_EMPLOYER = _("Only the employer's referent or its HR contact answers a civic day.")
REFUSAL_REASON_REQUIRED = _("Choose the reason of the refusal.")
REFUSAL_NOTE_REQUIRED = _("Say why the civic day is refused.")
ANSWER_TOO_LATE = _(
    "The answer was due by %(date)s: without an answer, the civic day counts as accepted."
)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def civic_hours_available(person, year: int) -> Decimal:
    """What the person may still book for `year`: their account's balance less the hours of
    their bookings still awaiting the employer (held, not yet reserved on the ledger)."""
    held = Participation.objects.filter(
        origin=ParticipationOrigin.CIVIC_DAY,
        volunteer=person,
        civic_programme__starts_on__year=year,
        status=ParticipationStatus.ACCEPTED,
    ).aggregate(total=Sum("planned_hours"))["total"] or Decimal(0)
    return max(civic_balance(person, year) - held, Decimal(0))


def _check_day(need, day, today) -> dict:
    if day is None:
        return {"day": ValidationError(DAY_REQUIRED, code="day_required")}
    first = today + datetime.timedelta(days=NOTICE_DAYS)
    if day < first:
        return {
            "day": ValidationError(
                DAY_TOO_SOON, code="too_soon", params={"days": NOTICE_DAYS, "date": _d(first)}
            )
        }
    if day.weekday() >= 5:
        return {"day": ValidationError(DAY_NOT_WORKING, code="weekend")}
    if not need.starts_on <= day <= need.ends_on:
        return {
            "day": ValidationError(
                DAY_OUTSIDE_NEED,
                code="outside_need",
                params={"starts_on": _d(need.starts_on), "ends_on": _d(need.ends_on)},
            )
        }
    return {}


@transaction.atomic
def civic_day_book(
    *,
    need,
    volunteer,
    day: datetime.date,
    half_days: int,
    message: str = "",
    now: datetime.datetime | None = None,
) -> Participation:
    """Book one or two half-days of the volunteer's civic days on `need` (docs/rules.md § 8.8).
    The hours are held on their account of the day's year until the employer answers (by the
    due date, else accepted). Refused, with nothing written, when the need does not take civic
    days, the day is too soon, not a working day or outside the need, or beyond the account."""
    need = Need.objects.select_for_update().select_related("association").get(pk=need.pk)
    today = timezone.localdate(now)
    if not need.open_to_civic_days:
        raise ValidationError(NOT_OPEN_TO_CIVIC_DAYS, code="not_open")
    if need.status not in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS) or need.ends_on < today:
        raise ValidationError(NEED_CLOSED, code="need_closed")
    if not need.association.is_general_interest:
        raise ValidationError(NOT_GENERAL_INTEREST, code="not_general_interest")
    company = employer_of(volunteer)
    if company is None:
        raise ValidationError(NOT_AN_EMPLOYEE, code="not_an_employee")
    errors = _check_day(need, day, today)
    if half_days not in (1, 2):
        errors["half_days"] = ValidationError(HALF_DAYS_INVALID, code="half_days")
    if errors:
        raise ValidationError(errors)
    programme = civic_programme_of(day.year)
    if programme is None or programme.is_closed:
        raise ValidationError(YEAR_NOT_OPEN, code="year_not_open", params={"year": day.year})
    # Bookings of one person are serialised on their row: two racing for the last hours of
    # the account cannot both pass the check below.
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    hours = HALF_DAY * half_days
    left = civic_hours_available(volunteer, day.year)
    if hours > left:
        raise ValidationError(
            NOT_ENOUGH_HOURS,
            code="not_enough_hours",
            params={"year": day.year, "left": amount(left)},
        )
    if need.participations.open().filter(volunteer=volunteer).exists():
        raise ValidationError(ALREADY_BOOKED, code="already")
    participation = participation_create(
        now=now,
        need=need,
        volunteer=volunteer,
        company=company,
        origin=ParticipationOrigin.CIVIC_DAY,
        status=ParticipationStatus.ACCEPTED,
        message=(message or "").strip(),
        civic_programme=programme,
        planned_hours=hours,
        planned_starts_on=day,
        planned_ends_on=day,
        employer_answer_due=today + datetime.timedelta(days=ANSWER_DAYS),
    )
    signals.civic_day_booked.send(Participation, participation=participation)
    return participation


def _booking(participation) -> Participation:
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if not (participation.is_civic_day and participation.status == ParticipationStatus.ACCEPTED):
        raise ValidationError(NOT_A_BOOKING, code="not_a_booking")
    return participation


def _approve(participation, *, by, now):
    return participation_approve(
        participation=participation,
        by=by,
        planned_hours=participation.planned_hours,
        starts_on=participation.planned_starts_on,
        ends_on=participation.planned_ends_on,
        now=now,
    )


@transaction.atomic
def civic_day_answer(
    *,
    participation,
    accept: bool,
    by=None,
    hr_email: str = "",
    reason: str = "",
    note: str = "",
    now: datetime.datetime | None = None,
) -> Participation:
    """The employer's answer to a civic day: by its referent (`by`) or by its HR contact through
    the signed link of the request (`hr_email`, checked by the link). Accepted, the hours are
    reserved and the documents prepared; refused, a reason among CIVIC_REFUSAL_REASONS (with a
    note for "other") and the held hours are free again. A refusal after the due date is
    refused: the day counts as accepted."""
    participation = _booking(participation)
    if by is None and not hr_email:
        raise ValidationError(NOT_THE_EMPLOYER, code="not_the_employer")
    if by is not None and not is_referent_of_company(by, participation.company):
        raise ValidationError(NOT_THE_EMPLOYER, code="not_the_employer")
    if by is None:
        Participation.objects.filter(pk=participation.pk).update(answered_by_email=hr_email)
    if accept:
        return _approve(participation, by=by, now=now)
    if timezone.localdate(now) > participation.employer_answer_due:
        raise ValidationError(
            ANSWER_TOO_LATE,
            code="too_late",
            params={"date": _d(participation.employer_answer_due)},
        )
    errors = {}
    if reason not in CIVIC_REFUSAL_REASONS:
        errors["reason"] = ValidationError(REFUSAL_REASON_REQUIRED, code="reason_required")
    elif reason == RefusalReason.OTHER and not (note or "").strip():
        errors["note"] = ValidationError(REFUSAL_NOTE_REQUIRED, code="note_required")
    if errors:
        raise ValidationError(errors)
    return participation_refuse(
        participation=participation, by=by, reason=reason, note=note, now=now
    )


def civic_days_answer_tacitly(*, now: datetime.datetime | None = None) -> tuple[list, dict]:
    """Every civic day whose employer did not answer by the due date counts as accepted
    (docs/rules.md § 8.9): approved without an answer, each in its own transaction. Returns
    (approved, {participation pk: why it could not be}). Run daily; idempotent."""
    today = timezone.localdate(now)
    due = Participation.objects.filter(
        origin=ParticipationOrigin.CIVIC_DAY,
        status=ParticipationStatus.ACCEPTED,
        employer_answer_due__lt=today,
    ).order_by("employer_answer_due", "pk")
    approved, errors = [], {}
    for participation in due:
        try:
            with transaction.atomic():
                participation = _booking(participation)
                Participation.objects.filter(pk=participation.pk).update(approved_tacitly=True)
                approved.append(_approve(participation, by=None, now=now))
        except ValidationError as error:
            errors[participation.pk] = " ".join(error.messages)
    return approved, errors

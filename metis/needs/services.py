"""Writes of the mission cycle: needs, participations, declared hours, extra-hours requests.

Every state change is one function `<entity>_<action>(*, …)`, atomic, that checks the state it
starts from (on a row locked with SELECT … FOR UPDATE) and raises ValidationError with one of
the messages below. Hours move only through metis.ledger.services (architecture.md).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User, VolunteerProfile
from metis.core.hours import quantize
from metis.ledger import services as ledger
from metis.ledger.services import InsufficientBalance
from metis.notifications import events as notices
from metis.programmes.enums import PledgeStatus, ProgrammeStatus, SubsidyStatus
from metis.programmes.models import Pledge, Programme
from metis.skills.models import Skill
from metis.valuation.cost_prices import cost_price_for
from metis.valuation.rules.cost_price import entry_value

from .enums import (
    RESERVED_STATUSES,
    CancellationReason,
    ExtraHoursStatus,
    NeedFormat,
    NeedStatus,
    ParticipationOrigin,
    ParticipationStatus,
    RefusalReason,
    RejectionReason,
    TimeEntryStatus,
    WithdrawalReason,
)
from .models import MAX_HOURS_PER_DAY, ExtraHoursRequest, Need, Participation, TimeEntry
from .search import need_search_text

MAX_NEED_HOURS = Decimal("10000")

NEED_NOT_DRAFT = _("Only a draft need can be changed or published.")
NEED_NOT_PUBLISHED = _("This need is not published.")
NEED_NOT_OPEN = _("This need does not take volunteers any more.")
NEED_CANNOT_COMPLETE = _("Only a published or in-progress need can be completed.")
NEED_CANNOT_CANCEL = _("A completed or cancelled need cannot be cancelled.")
NEED_HAS_RESERVATIONS = _(
    "Volunteers are approved on this need: withdraw their participations or complete the need."
)
NO_PROGRAMME = _(
    "Choose a programme: the association needs a voted hours credit in an open programme."
)
PROGRAMME_NOT_AVAILABLE = _(
    "The association has no voted hours credit in this programme, or the programme is not open."
)
TITLE_REQUIRED = _("Give the need a title.")
DESCRIPTION_REQUIRED = _("Describe the need.")
SKILLS_REQUIRED = _("Choose at least one required skill.")
HOURS_INVALID = _("Give a number of hours greater than 0 and at most %(max)s.")
PERIOD_REVERSED = _("The end date must not be before the start date.")
END_IN_PAST = _("The end date has passed.")
VOLUNTEERS_INVALID = _("At least one volunteer.")
UNKNOWN_TEMPLATE = _("Unknown need template.")

NOT_AN_EMPLOYEE = _("Only an employee of a company can take part.")
NO_PLEDGE = _("%(company)s has no signed pledge in the programme of this need.")
ALREADY_PARTICIPATING = _("This volunteer already takes part in this need.")
NOT_CONSENTING = _("This volunteer has not agreed to be suggested to associations.")
WRONG_STATE = _("This participation is not in a state that allows this.")
REASON_REQUIRED = _("Choose a reason.")
PLANNED_HOURS_INVALID = _("Give planned hours greater than 0.")
PLANNED_DATES_REQUIRED = _("Give the planned start and end dates.")
PLANNED_DATES_OUTSIDE = _("The planned dates must fall within the programme's period.")
NOT_ENOUGH_HOURS = _("Approval refused: %(detail)s")

ENTRY_NOT_ACTIVE = _("Hours can be declared only on an active participation.")
ENTRY_IN_FUTURE = _("The date is in the future.")
ENTRY_OUTSIDE_PARTICIPATION = _(
    "The date is outside the participation (%(starts_on)s – %(ends_on)s)."
)
ENTRY_HOURS_INVALID = _("Give a duration greater than 0 and at most 10 hours.")
ENTRY_DAY_LIMIT = _("At most %(max)s hours a day: %(already)s h are already declared for this day.")
ENTRY_DUPLICATE = _("Hours are already declared for this day on this participation.")
ENTRY_DESCRIPTION_REQUIRED = _("Say what was done.")
ENTRY_NOT_DECLARED = _("Only declared hours can be validated or rejected.")
ENTRY_NOT_VALIDATED = _("Only validated hours can be reversed.")
ENTRY_BEYOND_RESERVATION = _(
    "These hours go beyond the hours the employer approved: they can be validated once the "
    "employer approves the extra hours."
)
EXTRA_NOT_PENDING = _("This request has already been decided.")


def _require(condition, message, code="invalid", **params):
    if not condition:
        raise ValidationError(message, code=code, params=params or None)


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _decimal(value) -> Decimal | None:
    try:
        return quantize(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


# Needs ----------------------------------------------------------------------------------------


def programmes_for_association(association):
    """Open programmes where the association holds a voted hours credit."""
    return Programme.objects.open().filter(
        subsidies__association=association, subsidies__status=SubsidyStatus.VOTED
    )


def _need_fields(association, data: dict) -> dict:
    errors = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = TITLE_REQUIRED
    if not (data.get("description") or "").strip():
        errors["description"] = DESCRIPTION_REQUIRED
    if not data.get("skills_required"):
        errors["skills_required"] = SKILLS_REQUIRED
    hours = _decimal(data.get("estimated_hours"))
    if hours is None or hours <= 0 or hours > MAX_NEED_HOURS:
        errors["estimated_hours"] = ValidationError(HOURS_INVALID, params={"max": MAX_NEED_HOURS})
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = PERIOD_REVERSED
    if (data.get("volunteers_wanted") or 0) < 1:
        errors["volunteers_wanted"] = VOLUNTEERS_INVALID
    programme = data.get("programme")
    if programme is None:
        errors["programme"] = NO_PROGRAMME
    elif not programmes_for_association(association).filter(pk=programme.pk).exists():
        errors["programme"] = PROGRAMME_NOT_AVAILABLE
    if errors:
        raise ValidationError(errors)
    return {
        "programme": programme,
        "title": title,
        "description": data["description"].strip(),
        "estimated_hours": hours,
        "format": data.get("format") or NeedFormat.BOTH,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "commune": data.get("commune") or association.commune,
        "volunteers_wanted": data.get("volunteers_wanted") or 1,
    }


def _set_skills(need, data):
    need.skills_required.set(data["skills_required"])
    need.skills_welcome.set(data.get("skills_welcome") or [])
    need.search_text = need_search_text(need)
    need.save(update_fields=["search_text"])


@transaction.atomic
def need_create(*, association, data: dict, by) -> Need:
    """data: programme, title, description, skills_required, skills_welcome, estimated_hours,
    format, starts_on, ends_on, commune, volunteers_wanted, template_code (optional)."""
    need = Need(association=association, created_by=by, **_need_fields(association, data))
    need.template_code = data.get("template_code") or ""
    need._change_reason = "created"
    need.save()
    _set_skills(need, data)
    return need


def need_initial_from_template(code: str) -> dict:
    """Form initial data from a need template (skills as Skill objects)."""
    from .templates_data import need_template

    template = need_template(code)
    if template is None:
        raise ValidationError(UNKNOWN_TEMPLATE)
    skills = {
        s.code: s
        for s in Skill.objects.filter(
            code__in=template["skills_required"] + template["skills_welcome"]
        )
    }
    return {
        "title": template["title"],
        "description": template["description"],
        "skills_required": [skills[c] for c in template["skills_required"] if c in skills],
        "skills_welcome": [skills[c] for c in template["skills_welcome"] if c in skills],
        "estimated_hours": Decimal(template["estimated_hours"]),
        "format": template["format"],
        "volunteers_wanted": template["volunteers_wanted"],
        "template_code": code,
    }


@transaction.atomic
def need_update(*, need, data: dict, by) -> Need:
    need = _locked(Need, need)
    _require(need.status == NeedStatus.DRAFT, NEED_NOT_DRAFT)
    for name, value in _need_fields(need.association, data).items():
        setattr(need, name, value)
    need._change_reason = "updated"
    need.save()
    _set_skills(need, data)
    return need


def need_credit_warning(need) -> dict | None:
    """{"requested", "remaining"} when the need asks for more hours than the association's
    remaining credit in its programme (allowed: the limit holds at approval), else None."""
    from metis.ledger.selectors import credit_balance

    remaining = credit_balance(need.programme, need.association)
    if need.estimated_hours > remaining:
        return {"requested": need.estimated_hours, "remaining": remaining}
    return None


@transaction.atomic
def need_publish(*, need, by) -> Need:
    need = _locked(Need, need)
    _require(need.status == NeedStatus.DRAFT, NEED_NOT_DRAFT)
    _require(need.ends_on >= timezone.localdate(), END_IN_PAST)
    _require(need.programme.status == ProgrammeStatus.OPEN, PROGRAMME_NOT_AVAILABLE)
    need.status = NeedStatus.PUBLISHED
    need.published_at = timezone.now()
    need.moderation_note = ""
    need._change_reason = "published"
    need.save()
    return need


def _end_open_participations(need, *, by, reason):
    """Participations not reserved yet are cancelled; reserved ones are completed (released)."""
    for participation in need.participations.select_for_update().open():
        if participation.status in RESERVED_STATUSES:
            _participation_end(
                participation, by=by, status=ParticipationStatus.COMPLETED, reason="", note=""
            )
        else:
            _participation_end(
                participation, by=by, status=ParticipationStatus.CANCELLED, reason=reason, note=""
            )


@transaction.atomic
def need_complete(*, need, by) -> Need:
    """published / in progress → completed; its participations complete (unused reservations
    are released)."""
    need = _locked(Need, need)
    _require(need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS), NEED_CANNOT_COMPLETE)
    _end_open_participations(need, by=by, reason=CancellationReason.NEED_COMPLETED)
    need.status = NeedStatus.COMPLETED
    need._change_reason = "completed"
    need.save()
    return need


@transaction.atomic
def need_cancel(*, need, by) -> Need:
    need = _locked(Need, need)
    _require(need.status not in (NeedStatus.COMPLETED, NeedStatus.CANCELLED), NEED_CANNOT_CANCEL)
    _require(
        not need.participations.filter(status__in=RESERVED_STATUSES).exists(),
        NEED_HAS_RESERVATIONS,
    )
    _end_open_participations(need, by=by, reason=CancellationReason.NEED_CANCELLED)
    need.status = NeedStatus.CANCELLED
    need._change_reason = "cancelled"
    need.save()
    return need


@transaction.atomic
def need_moderate(*, need, by, note: str) -> Need:
    """The operator takes a published need out of the catalogue: back to draft with a note the
    association reads; pending applications and invitations are cancelled."""
    need = _locked(Need, need)
    _require(need.status == NeedStatus.PUBLISHED, NEED_NOT_PUBLISHED)
    _require(
        not need.participations.filter(status__in=RESERVED_STATUSES).exists(),
        NEED_HAS_RESERVATIONS,
    )
    _require(bool((note or "").strip()), REASON_REQUIRED)
    _end_open_participations(need, by=by, reason=CancellationReason.NEED_MODERATED)
    need.status = NeedStatus.DRAFT
    need.moderation_note = note.strip()
    need.moderated_by = by
    need._change_reason = "moderated"
    need.save()
    return need


# Participations -------------------------------------------------------------------------------


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


def _check_can_join(need, volunteer, company):
    _require(need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS), NEED_NOT_OPEN)
    _require(not need.is_expired, NEED_NOT_OPEN)
    _require(company is not None, NOT_AN_EMPLOYEE)
    _require(
        Pledge.objects.filter(
            programme=need.programme,
            company=company,
            status__in=[PledgeStatus.SIGNED, PledgeStatus.CLOSED],
        ).exists(),
        NO_PLEDGE,
        company=company.name,
    )
    _require(
        not need.participations.open().filter(volunteer=volunteer).exists(),
        ALREADY_PARTICIPATING,
    )


def _create_participation(**fields):
    try:
        with transaction.atomic():
            return Participation.objects.create(**fields)
    except IntegrityError:
        raise ValidationError(ALREADY_PARTICIPATING) from None


@transaction.atomic
def participation_apply(*, need, volunteer, message: str = "", company=None) -> Participation:
    need = _locked(Need, need)
    company = company or employer_of(volunteer)
    _check_can_join(need, volunteer, company)
    participation = _create_participation(
        need=need,
        volunteer=volunteer,
        company=company,
        origin=ParticipationOrigin.APPLICATION,
        status=ParticipationStatus.APPLIED,
        message=(message or "").strip(),
    )
    notices.participation_applied(participation)
    return participation


@transaction.atomic
def participation_invite(*, need, volunteer, by, message: str = "") -> Participation:
    need = _locked(Need, need)
    company = employer_of(volunteer)
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    _require(profile is not None and profile.consents_to_suggestions, NOT_CONSENTING)
    _check_can_join(need, volunteer, company)
    participation = _create_participation(
        need=need,
        volunteer=volunteer,
        company=company,
        origin=ParticipationOrigin.INVITATION,
        status=ParticipationStatus.INVITED,
        message=(message or "").strip(),
    )
    notices.participation_invited(participation)
    return participation


@transaction.atomic
def participation_accept(*, participation, by) -> Participation:
    """The association accepts an application, or the invited volunteer accepts: the
    participation now awaits the employer's approval."""
    participation = _locked(Participation, participation)
    _require(
        participation.status in (ParticipationStatus.APPLIED, ParticipationStatus.INVITED),
        WRONG_STATE,
    )
    participation.status = ParticipationStatus.ACCEPTED
    participation._change_reason = f"accepted by {by.pk}"
    participation.save()
    notices.participation_accepted(participation, by=by)
    return participation


def _reason(reason, choices):
    _require(reason in choices.values, REASON_REQUIRED)
    return reason


@transaction.atomic
def participation_refuse(*, participation, by, reason: str, note: str = "") -> Participation:
    """The association refuses an application, the invited volunteer declines, or the employer
    refuses to approve."""
    participation = _locked(Participation, participation)
    _require(
        participation.status
        in (ParticipationStatus.APPLIED, ParticipationStatus.INVITED, ParticipationStatus.ACCEPTED),
        WRONG_STATE,
    )
    _participation_end(
        participation,
        by=by,
        status=ParticipationStatus.REFUSED,
        reason=_reason(reason, RefusalReason),
        note=note,
    )
    notices.participation_refused(participation, by=by)
    return participation


def _participation_end(participation, *, by, status, reason, note):
    if participation.status in RESERVED_STATUSES:
        need = participation.need
        ledger.reservation_released(
            programme=need.programme,
            association=need.association,
            company=participation.company,
            participation_id=participation.pk,
            by=by,
            memo=f"participation {participation.pk} {status}",
        )
    was_reserved = participation.status in RESERVED_STATUSES
    participation.status = status
    participation.reason_code = reason
    participation.reason_note = (note or "").strip()
    participation.ended_at = timezone.now()
    participation.ended_by = by
    participation._change_reason = status
    participation.save()
    if was_reserved:
        # The last reserved volunteer gone, the need looks for volunteers again.
        Need.objects.filter(pk=participation.need_id, status=NeedStatus.IN_PROGRESS).exclude(
            participations__status__in=RESERVED_STATUSES
        ).update(status=NeedStatus.PUBLISHED)


@transaction.atomic
def participation_approve(
    *,
    participation,
    by,
    planned_hours,
    starts_on: datetime.date,
    ends_on: datetime.date,
    activate: bool = False,
) -> Participation:
    """The employer approves work time: accepted → approved, reserving the planned hours on the
    association's credit and the company's pledge (InsufficientBalance → a clear refusal,
    nothing written). Activation follows the acceptance of the agreement and amendment."""
    participation = _locked(Participation, participation)
    _require(participation.status == ParticipationStatus.ACCEPTED, WRONG_STATE)
    hours = _decimal(planned_hours)
    if hours is None or hours <= 0:
        raise ValidationError({"planned_hours": PLANNED_HOURS_INVALID})
    if not starts_on or not ends_on:
        raise ValidationError({"planned_starts_on": PLANNED_DATES_REQUIRED})
    if ends_on < starts_on:
        raise ValidationError({"planned_ends_on": PERIOD_REVERSED})
    need = participation.need
    programme = need.programme
    if not (programme.covers(starts_on) and programme.covers(ends_on)):
        raise ValidationError({"planned_ends_on": PLANNED_DATES_OUTSIDE})
    try:
        with transaction.atomic():
            ledger.reservation_made(
                programme=programme,
                association=need.association,
                company=participation.company,
                participation_id=participation.pk,
                hours=hours,
                by=by,
                memo=f"participation {participation.pk} approved",
                idempotency_key=f"participation-approved-{participation.pk}",
            )
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
    participation.approved_at = timezone.now()
    participation._change_reason = "approved"
    participation.save()
    notices.participation_approved(participation)
    if need.status == NeedStatus.PUBLISHED:
        Need.objects.filter(pk=need.pk).update(status=NeedStatus.IN_PROGRESS)
    # The loan agreement and the contract amendment (metis.documents): their acceptance by every
    # party activates the participation. activate=True is the direct path (demo replay only).
    from metis.documents.services import agreements_prepare_for

    agreements_prepare_for(participation=participation, by=by)
    if activate:
        participation = participation_activate(participation=participation, by=by)
    return participation


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
def participation_activate(*, participation, by) -> Participation:
    """approved → active: hours can be declared. Agreements (a later issue) will guard this."""
    participation = _locked(Participation, participation)
    _require(participation.status == ParticipationStatus.APPROVED, WRONG_STATE)
    participation.status = ParticipationStatus.ACTIVE
    participation.activated_at = timezone.now()
    participation._change_reason = "activated"
    participation.save()
    return participation


@transaction.atomic
def participation_withdraw(*, participation, by, reason: str, note: str = "") -> Participation:
    """Either side withdraws; the unused reservation goes back to the credit and the pledge.
    Declared (not validated) hours are rejected with the withdrawal."""
    participation = _locked(Participation, participation)
    _require(
        participation.status
        in (ParticipationStatus.ACCEPTED, ParticipationStatus.APPROVED, ParticipationStatus.ACTIVE),
        WRONG_STATE,
    )
    reason = _reason(reason, WithdrawalReason)
    participation.time_entries.declared().update(
        status=TimeEntryStatus.REJECTED,
        rejection_reason=RejectionReason.OTHER,
        rejection_note=str(_("Participation withdrawn.")),
    )
    participation.extra_hours_requests.pending().update(
        status=ExtraHoursStatus.REFUSED, decided_at=timezone.now(), decided_by=by
    )
    _participation_end(
        participation, by=by, status=ParticipationStatus.WITHDRAWN, reason=reason, note=note
    )
    return participation


# Declared hours -------------------------------------------------------------------------------


@transaction.atomic
def time_entry_declare(
    *, participation, by, date: datetime.date, hours, description: str
) -> TimeEntry:
    """Declare hours for one day. Beyond the reservation, an extra-hours request goes to the
    employer (one pending request per participation, grown as needed)."""
    participation = _locked(Participation, participation)
    _require(participation.status == ParticipationStatus.ACTIVE, ENTRY_NOT_ACTIVE)
    errors = {}
    hours = _decimal(hours)
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
    elif participation.time_entries.counting().filter(date=date).exists():
        errors["date"] = ENTRY_DUPLICATE
    if errors:
        raise ValidationError(errors)
    # The daily limit is per person across participations: lock the person's row so that two
    # declarations for the same day are serialised.
    User.objects.select_for_update().filter(pk=participation.volunteer_id).first()
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
    extra = _ask_for_extra_hours(participation, by=by)
    notices.hours_declared(entry)
    if extra is not None:
        notices.extra_hours_requested(extra)
    return entry


def _ask_for_extra_hours(participation, *, by):
    counted = participation.time_entries.counting().aggregate(total=Sum("hours"))["total"] or 0
    approved_or_pending = participation.reserved_hours + (
        participation.extra_hours_requests.pending().aggregate(total=Sum("hours"))["total"] or 0
    )
    missing = counted - approved_or_pending
    if missing <= 0:
        return None
    pending = participation.extra_hours_requests.select_for_update().pending().first()
    if pending:
        pending.hours += missing
        pending.save(update_fields=["hours", "updated_at"])
        return pending
    return ExtraHoursRequest.objects.create(
        participation=participation, hours=missing, requested_by=by
    )


def _value(entry):
    participation = entry.participation
    price = cost_price_for(
        company=participation.company, employee=participation.volunteer, year=entry.date.year
    )
    if price is None:
        return None, None
    return price.hourly_cost, entry_value(entry.hours, price.hourly_cost)


@transaction.atomic
def time_entry_validate(*, entry, by) -> TimeEntry:
    """declared → validated: the hours move from the reservation to delivered (one posting),
    valued with the employee's cost price of the entry's year (None: awaiting a cost price)."""
    entry = (
        TimeEntry.objects.select_for_update()
        .select_related(
            "participation__need__programme",
            "participation__need__association",
            "participation__company",
            "participation__volunteer",
        )
        .get(pk=entry.pk)
    )
    _require(entry.status == TimeEntryStatus.DECLARED, ENTRY_NOT_DECLARED)
    participation = entry.participation
    need = participation.need
    try:
        with transaction.atomic():
            posting = ledger.time_validated(
                programme=need.programme,
                association=need.association,
                company=participation.company,
                participation_id=participation.pk,
                hours=entry.hours,
                by=by,
                occurred_on=entry.date,
                memo=f"time entry {entry.pk}",
                idempotency_key=f"time-entry-validated-{entry.pk}",
            )
    except InsufficientBalance:
        raise ValidationError(ENTRY_BEYOND_RESERVATION, code="beyond_reservation") from None
    entry.hourly_cost, entry.value = _value(entry)
    entry.status = TimeEntryStatus.VALIDATED
    entry.posting = posting
    entry.validated_by = by
    entry.validated_at = timezone.now()
    entry.save()
    return entry


def time_entries_validate_bulk(*, entries, by) -> tuple[list, dict]:
    """Validate several entries, each in its own transaction: (validated, {pk: message})."""
    done, errors = [], {}
    for entry in entries:
        try:
            done.append(time_entry_validate(entry=entry, by=by))
        except ValidationError as error:
            errors[entry.pk] = " ".join(error.messages)
    return done, errors


@transaction.atomic
def time_entry_reject(*, entry, by, reason: str, note: str = "") -> TimeEntry:
    entry = _locked(TimeEntry, entry)
    _require(entry.status == TimeEntryStatus.DECLARED, ENTRY_NOT_DECLARED)
    entry.status = TimeEntryStatus.REJECTED
    entry.rejection_reason = _reason(reason, RejectionReason)
    entry.rejection_note = (note or "").strip()
    entry.validated_by = by
    entry.save()
    notices.hours_rejected(entry)
    return entry


@transaction.atomic
def time_entry_reverse(*, entry, by, memo: str = "") -> TimeEntry:
    """Correct a validated entry: a reversing posting puts its hours back in the reservation;
    the volunteer may then declare the right hours for that day."""
    entry = _locked(TimeEntry, entry)
    _require(entry.status == TimeEntryStatus.VALIDATED, ENTRY_NOT_VALIDATED)
    entry.reversal_posting = ledger.reverse(
        posting=entry.posting, by=by, memo=memo or f"time entry {entry.pk} reversed"
    )
    entry.status = TimeEntryStatus.REVERSED
    entry.save()
    return entry


@transaction.atomic
def time_entries_value_pending(*, company, year: int | None = None) -> int:
    """Value the validated entries of `company` that awaited a cost price (after one is
    entered). Returns how many were valued."""
    count = 0
    entries = (
        TimeEntry.objects.awaiting_cost_price()
        .for_company(company)
        .select_related("participation__company", "participation__volunteer")
    )
    if year:
        entries = entries.filter(date__year=year)
    for entry in entries.select_for_update(of=("self",)):
        entry.hourly_cost, entry.value = _value(entry)
        if entry.value is not None:
            entry.save(update_fields=["hourly_cost", "value", "updated_at"])
            count += 1
    return count


# Extra hours ----------------------------------------------------------------------------------


@transaction.atomic
def extra_hours_approve(*, request, by) -> ExtraHoursRequest:
    """The employer approves the extra hours: a new reservation, under the same limits."""
    request = _locked(ExtraHoursRequest, request)
    _require(request.status == ExtraHoursStatus.PENDING, EXTRA_NOT_PENDING)
    participation = _locked(Participation, request.participation)
    _require(participation.status in RESERVED_STATUSES, WRONG_STATE)
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
    request = _locked(ExtraHoursRequest, request)
    _require(request.status == ExtraHoursStatus.PENDING, EXTRA_NOT_PENDING)
    request.status = ExtraHoursStatus.REFUSED
    request.reason_code = _reason(reason, RefusalReason)
    request.reason_note = (note or "").strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    return request

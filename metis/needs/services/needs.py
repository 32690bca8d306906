"""Writes of needs: create from a form or a template, update, publish, complete, cancel,
moderate. `now` (None: the present) is the clock of a replay (metis.core.clock)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from metis.core.clock import save_at
from metis.programmes.enums import ProgrammeStatus, SubsidyStatus
from metis.programmes.models import Programme
from metis.skills.models import Skill

from ..enums import (
    RESERVED_STATUSES,
    CancellationReason,
    NeedFormat,
    NeedStatus,
    ParticipationStatus,
    TimeEntryStatus,
)
from ..models import Need, TimeEntry
from ..search import need_search_text
from .common import PERIOD_REVERSED, REASON_REQUIRED, locked, require, to_decimal
from .participations import participation_end

MAX_NEED_HOURS = Decimal("10000")

NEED_NOT_DRAFT = _("Only a draft need can be changed or published.")
NEED_NOT_PUBLISHED = _("This need is not published.")
NEED_NOT_OPEN = _("This need does not take volunteers any more.")
NEED_CANNOT_COMPLETE = _("Only a published or in-progress need can be completed.")
NEED_CANNOT_CANCEL = _("A completed or cancelled need cannot be cancelled.")
NEED_HOURS_AWAITING = _(
    "Hours declared on this need await validation: validate or reject them before completing it "
    "(once it is completed, the hours not used are given back and could no longer be validated)."
)
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
END_IN_PAST = _("The end date has passed.")
NEED_CLOSED_FOR_CIVIC_DAYS = _("This need is completed or cancelled.")
CIVIC_DAYS_NEED_GENERAL_INTEREST = _("Only an association of general interest can take civic days.")
VOLUNTEERS_INVALID = _("At least one volunteer.")
UNKNOWN_TEMPLATE = _("Unknown need template.")
OUTSIDE_PROGRAMME = _(
    "The need's dates must fall within its programme, from %(starts_on)s to %(ends_on)s."
)


def programmes_for_association(association):
    """Open programmes where the association holds a voted hours credit."""
    return Programme.objects.open().filter(
        subsidies__association=association, subsidies__status=SubsidyStatus.VOTED
    )


def _outside(programme, starts_on, ends_on) -> bool:
    return any(day and not programme.covers(day) for day in (starts_on, ends_on))


def _need_fields(association, data: dict) -> dict:
    errors = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = TITLE_REQUIRED
    if not (data.get("description") or "").strip():
        errors["description"] = DESCRIPTION_REQUIRED
    if not data.get("skills_required"):
        errors["skills_required"] = SKILLS_REQUIRED
    hours = to_decimal(data.get("estimated_hours"))
    if hours is None or hours <= 0 or hours > MAX_NEED_HOURS:
        errors["estimated_hours"] = ValidationError(HOURS_INVALID, params={"max": MAX_NEED_HOURS})
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = PERIOD_REVERSED
    if (data.get("volunteers_wanted") or 0) < 1:
        errors["volunteers_wanted"] = VOLUNTEERS_INVALID
    if data.get("open_to_civic_days") and not association.is_general_interest:
        errors["open_to_civic_days"] = CIVIC_DAYS_NEED_GENERAL_INTEREST
    programme = data.get("programme")
    if programme is None:
        errors["programme"] = NO_PROGRAMME
    elif not programmes_for_association(association).filter(pk=programme.pk).exists():
        errors["programme"] = PROGRAMME_NOT_AVAILABLE
    elif _outside(programme, starts_on, ends_on):
        errors["ends_on" if starts_on and programme.covers(starts_on) else "starts_on"] = (
            ValidationError(
                OUTSIDE_PROGRAMME,
                code="outside_programme",
                params={
                    "starts_on": date_format(programme.starts_on, "SHORT_DATE_FORMAT"),
                    "ends_on": date_format(programme.ends_on, "SHORT_DATE_FORMAT"),
                },
            )
        )
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
        "open_to_civic_days": bool(data.get("open_to_civic_days")),
    }


def _set_skills(need, data, now=None):
    need.skills_required.set(data["skills_required"])
    need.skills_welcome.set(data.get("skills_welcome") or [])
    need.search_text = need_search_text(need)
    save_at(need, now, update_fields=["search_text"])


@transaction.atomic
def need_create(*, association, data: dict, by, now: datetime.datetime | None = None) -> Need:
    """data: programme, title, description, skills_required, skills_welcome, estimated_hours,
    format, starts_on, ends_on, commune, volunteers_wanted, template_code (optional)."""
    need = Need(association=association, created_by=by, **_need_fields(association, data))
    need.template_code = data.get("template_code") or ""
    need._change_reason = "created"
    save_at(need, now)
    _set_skills(need, data, now)
    return need


def need_initial_from_template(code: str) -> dict:
    """Form initial data from a need template (skills as Skill objects)."""
    from ..templates_data import need_template

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
    need = locked(Need, need)
    require(need.status == NeedStatus.DRAFT, NEED_NOT_DRAFT)
    for name, value in _need_fields(need.association, data).items():
        setattr(need, name, value)
    need._change_reason = "updated"
    need.save()
    _set_skills(need, data)
    return need


@transaction.atomic
def need_civic_days_set(*, need, open_to_civic_days: bool, by) -> Need:
    """Open a need to civic days (Service Civique Professionnel, docs/rules.md § 8.8), or close
    it to new bookings (those made are kept). Only for an association of general interest,
    and a need not completed or cancelled."""
    need = locked(Need, need)
    require(
        need.status in (NeedStatus.DRAFT, NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS),
        NEED_CLOSED_FOR_CIVIC_DAYS,
    )
    if open_to_civic_days:
        require(need.association.is_general_interest, CIVIC_DAYS_NEED_GENERAL_INTEREST)
    need.open_to_civic_days = open_to_civic_days
    need._change_reason = "civic days opened" if open_to_civic_days else "civic days closed"
    need.save(update_fields=["open_to_civic_days", "updated_at"])
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
def need_publish(*, need, by, now: datetime.datetime | None = None) -> Need:
    need = locked(Need, need)
    require(need.status == NeedStatus.DRAFT, NEED_NOT_DRAFT)
    require(need.ends_on >= timezone.localdate(now), END_IN_PAST)
    require(need.programme.status == ProgrammeStatus.OPEN, PROGRAMME_NOT_AVAILABLE)
    programme = need.programme
    require(
        not _outside(programme, need.starts_on, need.ends_on),
        OUTSIDE_PROGRAMME,
        code="outside_programme",
        starts_on=date_format(programme.starts_on, "SHORT_DATE_FORMAT"),
        ends_on=date_format(programme.ends_on, "SHORT_DATE_FORMAT"),
    )
    need.status = NeedStatus.PUBLISHED
    need.published_at = now or timezone.now()
    need.moderation_note = ""
    need._change_reason = "published"
    save_at(need, now)
    return need


def _end_open_participations(need, *, by, reason, now=None):
    """Participations not reserved yet are cancelled; reserved ones are completed (released)."""
    for participation in need.participations.select_for_update().open():
        reserved = participation.status in RESERVED_STATUSES
        participation_end(
            participation,
            by=by,
            status=ParticipationStatus.COMPLETED if reserved else ParticipationStatus.CANCELLED,
            reason="" if reserved else reason,
            note="",
            now=now,
        )


@transaction.atomic
def need_complete(*, need, by, now: datetime.datetime | None = None) -> Need:
    """published / in progress → completed; its participations complete (unused reservations
    are released)."""
    need = locked(Need, need)
    require(need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS), NEED_CANNOT_COMPLETE)
    require(
        not TimeEntry.objects.filter(
            participation__need=need, status=TimeEntryStatus.DECLARED
        ).exists(),
        NEED_HOURS_AWAITING,
        code="hours_awaiting",
    )
    _end_open_participations(need, by=by, reason=CancellationReason.NEED_COMPLETED, now=now)
    need.status = NeedStatus.COMPLETED
    need._change_reason = "completed"
    save_at(need, now)
    return need


@transaction.atomic
def need_cancel(*, need, by, now: datetime.datetime | None = None) -> Need:
    need = locked(Need, need)
    require(need.status not in (NeedStatus.COMPLETED, NeedStatus.CANCELLED), NEED_CANNOT_CANCEL)
    require(
        not need.participations.filter(status__in=RESERVED_STATUSES).exists(),
        NEED_HAS_RESERVATIONS,
    )
    _end_open_participations(need, by=by, reason=CancellationReason.NEED_CANCELLED, now=now)
    need.status = NeedStatus.CANCELLED
    need._change_reason = "cancelled"
    save_at(need, now)
    return need


@transaction.atomic
def need_moderate(*, need, by, note: str) -> Need:
    """The operator takes a published need out of the catalogue: back to draft with a note the
    association reads; pending applications and invitations are cancelled."""
    need = locked(Need, need)
    require(need.status == NeedStatus.PUBLISHED, NEED_NOT_PUBLISHED)
    require(
        not need.participations.filter(status__in=RESERVED_STATUSES).exists(),
        NEED_HAS_RESERVATIONS,
    )
    require(bool((note or "").strip()), REASON_REQUIRED)
    _end_open_participations(need, by=by, reason=CancellationReason.NEED_MODERATED)
    need.status = NeedStatus.DRAFT
    need.moderation_note = note.strip()
    need.moderated_by = by
    need._change_reason = "moderated"
    need.save()
    return need

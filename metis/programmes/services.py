"""Writes about programmes, pledges and mixed subsidies. Each service checks the state it starts
from, runs in one transaction, leaves a simple-history record and posts to the ledger when hours
move (metis.ledger.services). `now` (None: the present) is the clock of a replay
(metis.core.clock): the dates compared with today, the stamps and the postings are its."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.core.clock import save_at
from metis.core.hours import quantize
from metis.core.mail import absolute_url, email_queue
from metis.ledger import services as ledger
from metis.organisations.enums import OrganisationStatus

from .enums import PledgeStatus, ProgrammeStatus, SubsidyStatus
from .models import MixedSubsidy, Pledge, Programme

MAX_HOURS = Decimal("100000")  # per pledge or subsidy: more is a typing mistake
MAX_TARGET_HOURS = Decimal("10000000")
MAX_HOURLY_VALUE = Decimal("1000")

HOURS_NOT_POSITIVE = gettext_lazy("The number of hours must be greater than zero.")
HOURS_NEGATIVE = gettext_lazy("The number of hours cannot be negative.")
HOURS_ABSURD = gettext_lazy("%(hours)s h is not a plausible number of hours: at most %(max)s h.")
TARGET_ABSURD = gettext_lazy("The target cannot exceed %(max)s h.")
AMOUNT_NEGATIVE = gettext_lazy("An amount cannot be negative.")
HOURLY_VALUE_ABSURD = gettext_lazy(
    "The reference hourly value must be greater than 0 and at most %(max)s €."
)
PERIOD_REVERSED = gettext_lazy("The end date must not be before the start date.")
DATES_OUTSIDE_PROGRAMME = gettext_lazy(
    "The dates must lie within the programme's period (%(start)s – %(end)s)."
)
SIGNATURE_IN_FUTURE = gettext_lazy("The signature date cannot be in the future.")
DELIBERATION_IN_FUTURE = gettext_lazy("The deliberation date cannot be in the future.")
DELIBERATION_AFTER_PROGRAMME = gettext_lazy(
    "The deliberation date cannot be after the end of the programme."
)
SIGNER_REQUIRED = gettext_lazy("Give the name of the person who signed.")
DELIBERATION_REQUIRED = gettext_lazy("Give the reference of the council's deliberation.")
DUPLICATE_NAME = gettext_lazy("This territory already has a programme with this name.")
DUPLICATE_SUBSIDY = gettext_lazy(
    "%(association)s already has a mixed subsidy in this programme: change that one instead."
)
PROGRAMME_NOT_DRAFT = gettext_lazy("Only a draft programme can be opened.")
PROGRAMME_NOT_OPEN = gettext_lazy("The programme is not open.")
PROGRAMME_CLOSED = gettext_lazy("The programme is closed.")
PROGRAMME_DRAFT_CANNOT_BE_COPIED = gettext_lazy("A draft programme cannot be copied.")
PROGRAMME_ALREADY_COPIED = gettext_lazy("This programme has already been copied to %(next)s.")
PLEDGE_NOT_DRAFT = gettext_lazy("Only a draft pledge can be signed.")
PLEDGE_NOT_SIGNED = gettext_lazy("Only a signed pledge can be closed.")
SUBSIDY_NOT_PROPOSED = gettext_lazy("Only a proposed subsidy can be voted or changed.")
SUBSIDY_NOT_VOTED = gettext_lazy("Only a voted subsidy can be closed.")
ORGANISATION_NOT_ACTIVE = gettext_lazy("%(organisation)s is not active yet.")


# Checks ------------------------------------------------------------------------------------


def _field_error(field, message, code, **params):
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _hours(value, *, field, allow_zero=False, maximum=MAX_HOURS) -> Decimal:
    if value is None:
        raise ValidationError({field: HOURS_NOT_POSITIVE})
    value = quantize(value)
    if value < 0:
        raise _field_error(field, HOURS_NEGATIVE, "hours_negative")
    if value == 0 and not allow_zero:
        raise _field_error(field, HOURS_NOT_POSITIVE, "hours_not_positive")
    if value > maximum:
        raise ValidationError(
            {
                field: ValidationError(
                    HOURS_ABSURD, code="hours_absurd", params={"hours": value, "max": maximum}
                )
            }
        )
    return value


def _amount(value, *, field) -> Decimal:
    value = quantize(value or 0)
    if value < 0:
        raise _field_error(field, AMOUNT_NEGATIVE, "amount_negative")
    return value


def _period(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise _field_error("ends_on", PERIOD_REVERSED, "period_reversed")


def _within_programme(programme, starts_on, ends_on):
    _period(starts_on, ends_on)
    if not (programme.covers(starts_on) and programme.covers(ends_on)):
        raise ValidationError(
            DATES_OUTSIDE_PROGRAMME,
            code="dates_outside_programme",
            params={
                "start": programme.starts_on.strftime("%d/%m/%Y"),
                "end": programme.ends_on.strftime("%d/%m/%Y"),
            },
        )


def _active(organisation):
    if organisation.status != OrganisationStatus.ACTIVE:
        raise ValidationError(
            ORGANISATION_NOT_ACTIVE, code="not_active", params={"organisation": organisation}
        )


def _require(condition, message):
    if not condition:
        raise ValidationError(message, code="wrong_state")


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _programme_figures(data: dict) -> dict:
    data = dict(data)
    data["target_hours"] = _hours(
        data.get("target_hours"), field="target_hours", allow_zero=True, maximum=MAX_TARGET_HOURS
    )
    value = quantize(data.get("reference_hourly_value") or 0)
    if value <= 0 or value > MAX_HOURLY_VALUE:
        raise ValidationError(
            {
                "reference_hourly_value": ValidationError(
                    HOURLY_VALUE_ABSURD, params={"max": MAX_HOURLY_VALUE}
                )
            }
        )
    data["reference_hourly_value"] = value
    _period(data.get("starts_on"), data.get("ends_on"))
    return data


# Programmes --------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, territory, data: dict, by, previous=None, now: datetime.datetime | None = None
) -> Programme:
    """data: name, starts_on, ends_on, target_hours, reference_hourly_value. The territory must
    be active (a commune that signed up waits for its operator)."""
    _active(territory)
    data = _programme_figures(data)
    if Programme.objects.filter(territory=territory, name=data["name"]).exists():
        raise _field_error("name", DUPLICATE_NAME, "duplicate_name")
    programme = Programme(territory=territory, previous=previous, **data)
    programme._change_reason = "created"
    save_at(programme, now)
    return programme


@transaction.atomic
def programme_update(*, programme, data: dict, by) -> Programme:
    programme = _locked(Programme, programme)
    _require(programme.status != ProgrammeStatus.CLOSED, PROGRAMME_CLOSED)
    data = _programme_figures(data)
    if (
        Programme.objects.filter(territory=programme.territory, name=data["name"])
        .exclude(pk=programme.pk)
        .exists()
    ):
        raise _field_error("name", DUPLICATE_NAME, "duplicate_name")
    for name, value in data.items():
        setattr(programme, name, value)
    programme._change_reason = "updated"
    programme.save()
    return programme


@transaction.atomic
def programme_open(*, programme, by, now: datetime.datetime | None = None) -> Programme:
    programme = _locked(Programme, programme)
    _require(programme.status == ProgrammeStatus.DRAFT, PROGRAMME_NOT_DRAFT)
    programme.status = ProgrammeStatus.OPEN
    programme._change_reason = "opened"
    save_at(programme, now, update_fields=["status", "updated_at"])
    return programme


@transaction.atomic
def programme_close(*, programme, by, now: datetime.datetime | None = None) -> Programme:
    """Close an open programme: every leftover (pool, credits, pledges) expires by one posting
    (dated the day of `now`); signed pledges and voted subsidies are closed with it."""
    programme = _locked(Programme, programme)
    _require(programme.status == ProgrammeStatus.OPEN, PROGRAMME_NOT_OPEN)
    ledger.programme_closed(programme=programme, by=by, occurred_on=timezone.localdate(now))
    for pledge in programme.pledges.filter(status=PledgeStatus.SIGNED):
        pledge.status = PledgeStatus.CLOSED
        pledge._change_reason = "programme closed"
        save_at(pledge, now, update_fields=["status", "updated_at"])
    for subsidy in programme.subsidies.filter(status=SubsidyStatus.VOTED):
        subsidy.status = SubsidyStatus.CLOSED
        subsidy._change_reason = "programme closed"
        save_at(subsidy, now, update_fields=["status", "updated_at"])
    programme.status = ProgrammeStatus.CLOSED
    programme._change_reason = "closed"
    save_at(programme, now, update_fields=["status", "updated_at"])
    return programme


def _next_period(starts_on: datetime.date, ends_on: datetime.date):
    """Whole calendar years shift by years; any other period starts the day after it ends and
    lasts as long."""
    if (starts_on.month, starts_on.day) == (1, 1) and (ends_on.month, ends_on.day) == (12, 31):
        years = ends_on.year - starts_on.year + 1
        return starts_on.replace(year=starts_on.year + years), ends_on.replace(
            year=ends_on.year + years
        )
    new_start = ends_on + datetime.timedelta(days=1)
    return new_start, new_start + (ends_on - starts_on)


def _next_name(name: str, starts_on: datetime.date, new_starts_on: datetime.date) -> str:
    old, new = str(starts_on.year), str(new_starts_on.year)
    if old != new and re.search(rf"\b{old}\b", name):
        return re.sub(rf"\b{old}\b", new, name)
    return f"{name} ({new_starts_on:%d/%m/%Y})"


@transaction.atomic
def programme_copy_to_next_period(*, programme, by) -> Programme:
    """A draft programme for the next period, with a draft pledge for each company that pledged
    (same hours) and a proposed subsidy for each association (last period's cash carried over,
    hours to be decided). Referents and managers are told by e-mail once committed."""
    programme = _locked(Programme, programme)
    _require(programme.status != ProgrammeStatus.DRAFT, PROGRAMME_DRAFT_CANNOT_BE_COPIED)
    if hasattr(programme, "next_programme"):
        raise ValidationError(
            PROGRAMME_ALREADY_COPIED,
            code="already_copied",
            params={"next": programme.next_programme},
        )
    starts_on, ends_on = _next_period(programme.starts_on, programme.ends_on)
    new = programme_create(
        territory=programme.territory,
        data={
            "name": _next_name(programme.name, programme.starts_on, starts_on),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "target_hours": programme.target_hours,
            "reference_hourly_value": programme.reference_hourly_value,
        },
        by=by,
        previous=programme,
    )
    hours_by_company: dict[int, Decimal] = {}
    for pledge in programme.pledges.exclude(status=PledgeStatus.DRAFT):
        hours_by_company[pledge.company_id] = (
            hours_by_company.get(pledge.company_id, Decimal(0)) + pledge.hours
        )
    for company_id, hours in hours_by_company.items():
        pledge = Pledge(
            programme=new,
            company_id=company_id,
            hours=min(hours, MAX_HOURS),
            starts_on=starts_on,
            ends_on=ends_on,
        )
        pledge._change_reason = f"invited again from programme {programme.pk}"
        pledge.save()
    for subsidy in programme.subsidies.exclude(status=SubsidyStatus.PROPOSED):
        copy = MixedSubsidy(
            programme=new,
            association_id=subsidy.association_id,
            cash_previous_period=subsidy.cash_current_period,
            cash_current_period=Decimal(0),
            hours_credit=Decimal(0),
        )
        copy._change_reason = f"invited again from programme {programme.pk}"
        copy.save()
    _notify_invited_again(new, list(hours_by_company))
    return new


def _notify_invited_again(programme, company_ids):
    association_ids = list(programme.subsidies.values_list("association_id", flat=True))
    memberships = Membership.objects.current().filter(
        role=Role.COMPANY_REFERENT, company_id__in=company_ids
    ) | Membership.objects.current().filter(
        role=Role.ASSOCIATION_MANAGER, association_id__in=association_ids
    )
    recipients = sorted(set(memberships.values_list("user__email", flat=True)))
    if not recipients:
        return
    subject = _("METIS: you are invited to the programme %(programme)s") % {"programme": programme}
    body = _(
        "The territory %(territory)s is preparing the programme %(programme)s "
        "(%(start)s – %(end)s) and invites you again. Log in to METIS to review your pledge or "
        "your subsidy: %(url)s"
    ) % {
        "territory": programme.territory,
        "programme": programme,
        "start": programme.starts_on.strftime("%d/%m/%Y"),
        "end": programme.ends_on.strftime("%d/%m/%Y"),
        "url": absolute_url(reverse("programmes:pledge_list")),
    }
    email_queue(to=recipients, subject=subject, body=body)


# Pledges -----------------------------------------------------------------------------------


@transaction.atomic
def pledge_create(
    *, programme, company, data: dict, by, now: datetime.datetime | None = None
) -> Pledge:
    """data: hours, starts_on, ends_on, skill_restrictions (optional)."""
    _require(programme.status != ProgrammeStatus.CLOSED, PROGRAMME_CLOSED)
    _active(company)
    hours = _hours(data.get("hours"), field="hours")
    _within_programme(programme, data["starts_on"], data["ends_on"])
    pledge = Pledge(
        programme=programme,
        company=company,
        hours=hours,
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    )
    pledge._change_reason = "created"
    save_at(pledge, now)
    if data.get("skill_restrictions"):
        pledge.skill_restrictions.set(data["skill_restrictions"])
    return pledge


@transaction.atomic
def pledge_sign(
    *,
    pledge,
    signer_name: str,
    signer_title: str = "",
    signed_on: datetime.date,
    by,
    now: datetime.datetime | None = None,
) -> Pledge:
    """draft → signed: the hours enter the company's pledge account and the programme's pool."""
    pledge = _locked(Pledge, pledge)
    _require(pledge.status == PledgeStatus.DRAFT, PLEDGE_NOT_DRAFT)
    _require(pledge.programme.status == ProgrammeStatus.OPEN, PROGRAMME_NOT_OPEN)
    if not (signer_name or "").strip():
        raise _field_error("signer_name", SIGNER_REQUIRED, "signer_required")
    if signed_on > timezone.localdate(now):
        raise _field_error("signed_on", SIGNATURE_IN_FUTURE, "signature_in_future")
    pledge.signer_name = signer_name.strip()
    pledge.signer_title = (signer_title or "").strip()
    pledge.signed_on = signed_on
    pledge.status = PledgeStatus.SIGNED
    pledge._change_reason = "signed"
    save_at(pledge, now)
    ledger.pledge_signed(
        programme=pledge.programme,
        company=pledge.company,
        hours=pledge.hours,
        by=by,
        occurred_on=signed_on,
        memo=f"pledge {pledge.pk}",
        idempotency_key=f"pledge-signed-{pledge.pk}",
    )
    return pledge


@transaction.atomic
def pledge_close(*, pledge, by) -> Pledge:
    """signed → closed: the pledge's period is over. Hours left in the company's pledge account
    stay usable until the programme closes (the account is per company, not per pledge)."""
    pledge = _locked(Pledge, pledge)
    _require(pledge.status == PledgeStatus.SIGNED, PLEDGE_NOT_SIGNED)
    pledge.status = PledgeStatus.CLOSED
    pledge._change_reason = "closed"
    pledge.save(update_fields=["status", "updated_at"])
    return pledge


# Mixed subsidies ---------------------------------------------------------------------------


def _subsidy_figures(data: dict, *, allow_zero_hours=True) -> dict:
    return {
        "cash_previous_period": _amount(
            data.get("cash_previous_period"), field="cash_previous_period"
        ),
        "cash_current_period": _amount(
            data.get("cash_current_period"), field="cash_current_period"
        ),
        "hours_credit": _hours(
            data.get("hours_credit") or 0, field="hours_credit", allow_zero=allow_zero_hours
        ),
    }


@transaction.atomic
def subsidy_propose(
    *, programme, association, data: dict, by, now: datetime.datetime | None = None
) -> MixedSubsidy:
    """data: cash_previous_period, cash_current_period, hours_credit."""
    _require(programme.status != ProgrammeStatus.CLOSED, PROGRAMME_CLOSED)
    _active(association)
    figures = _subsidy_figures(data)
    if MixedSubsidy.objects.filter(programme=programme, association=association).exists():
        raise ValidationError(
            {
                "association": ValidationError(
                    DUPLICATE_SUBSIDY,
                    code="duplicate_subsidy",
                    params={"association": association},
                )
            }
        )
    subsidy = MixedSubsidy(programme=programme, association=association, **figures)
    subsidy._change_reason = "proposed"
    save_at(subsidy, now)
    return subsidy


@transaction.atomic
def subsidy_vote(
    *,
    subsidy,
    deliberation_reference: str,
    deliberation_date: datetime.date,
    by,
    hours_credit=None,
    now: datetime.datetime | None = None,
) -> MixedSubsidy:
    """proposed → voted: the hours credit is allocated from the programme's pool. Beyond the
    pool, InsufficientBalance is raised and nothing is written."""
    subsidy = _locked(MixedSubsidy, subsidy)
    programme = subsidy.programme
    _require(subsidy.status == SubsidyStatus.PROPOSED, SUBSIDY_NOT_PROPOSED)
    _require(programme.status == ProgrammeStatus.OPEN, PROGRAMME_NOT_OPEN)
    if not (deliberation_reference or "").strip():
        raise _field_error("deliberation_reference", DELIBERATION_REQUIRED, "deliberation_required")
    if deliberation_date > timezone.localdate(now):
        raise _field_error("deliberation_date", DELIBERATION_IN_FUTURE, "deliberation_in_future")
    if deliberation_date > programme.ends_on:
        raise _field_error(
            "deliberation_date", DELIBERATION_AFTER_PROGRAMME, "deliberation_after_programme"
        )
    if hours_credit is not None:
        subsidy.hours_credit = _hours(hours_credit, field="hours_credit", allow_zero=True)
    subsidy.deliberation_reference = deliberation_reference.strip()
    subsidy.deliberation_date = deliberation_date
    subsidy.status = SubsidyStatus.VOTED
    if subsidy.hours_credit > 0:
        ledger.allocation_voted(
            programme=programme,
            association=subsidy.association,
            hours=subsidy.hours_credit,
            by=by,
            occurred_on=deliberation_date,
            memo=f"subsidy {subsidy.pk}, {subsidy.deliberation_reference}",
            idempotency_key=f"subsidy-voted-{subsidy.pk}",
        )
    subsidy._change_reason = "voted"
    save_at(subsidy, now)
    return subsidy


@transaction.atomic
def subsidy_close(*, subsidy, by) -> MixedSubsidy:
    """voted → closed: what is left of the association's credit expires."""
    subsidy = _locked(MixedSubsidy, subsidy)
    _require(subsidy.status == SubsidyStatus.VOTED, SUBSIDY_NOT_VOTED)
    ledger.subsidy_closed(
        programme=subsidy.programme,
        association=subsidy.association,
        by=by,
        memo=f"subsidy {subsidy.pk} closed",
    )
    subsidy.status = SubsidyStatus.CLOSED
    subsidy._change_reason = "closed"
    subsidy.save(update_fields=["status", "updated_at"])
    return subsidy

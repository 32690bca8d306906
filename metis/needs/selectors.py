"""Reads of the mission cycle: volunteers to invite, hours reserved / declared / validated,
valued hours (the needs recommended to a volunteer are metis.allocations')."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from metis.accounts.enums import Role
from metis.accounts.models import VolunteerProfile
from metis.programmes.enums import PledgeStatus

from .enums import RESERVED_STATUSES, ParticipationStatus, TimeEntryStatus
from .models import TimeEntry

# Past this share of the reservation counted, the reservation is running out (the extra-hours
# form is offered; metis.notifications tells the volunteer and the association).
RUNNING_OUT_SHARE = Decimal("0.8")
# The participations whose reservation counts in the hours progress.
PROGRESS_STATUSES = (*RESERVED_STATUSES, ParticipationStatus.COMPLETED)


def volunteers_to_invite(need, *, limit: int = 50):
    """Consenting employees of companies with a signed pledge in the need's programme whose
    skills overlap the need's, most overlapping first (`overlap` annotation); those already
    taking part are left out."""
    skill_ids = list(need.skills_required.values_list("pk", flat=True)) + list(
        need.skills_welcome.values_list("pk", flat=True)
    )
    company_ids = need.programme.pledges.filter(status=PledgeStatus.SIGNED).values("company_id")
    taking_part = need.participations.open().values("volunteer_id")
    return (
        VolunteerProfile.objects.filter(
            consents_to_suggestions=True,
            user__is_active=True,
            user__memberships__role=Role.EMPLOYEE,
            user__memberships__ended_at__isnull=True,
            user__memberships__company_id__in=company_ids,
        )
        .exclude(user_id__in=taking_part)
        .annotate(overlap=Count("skills", filter=Q(skills__in=skill_ids), distinct=True))
        .filter(overlap__gt=0)
        .select_related("user", "commune")
        .prefetch_related("skills")
        .order_by("-overlap", "user__last_name", "pk")[:limit]
    )


@dataclass(frozen=True)
class HoursProgress:
    """Hours reserved by the employer, declared (awaiting validation) and validated."""

    reserved: Decimal
    declared: Decimal
    validated: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.reserved - self.declared - self.validated, Decimal(0))

    @property
    def running_out(self) -> bool:
        return self.reserved > 0 and self.left <= self.reserved * (1 - RUNNING_OUT_SHARE)

    def _percent(self, hours) -> int:
        whole = max(self.reserved, self.declared + self.validated)
        return int(100 * hours / whole) if whole else 0

    @property
    def validated_percent(self) -> int:
        return self._percent(self.validated)

    @property
    def declared_percent(self) -> int:
        return self._percent(self.declared)


def participation_hours_progress(participation, entries) -> HoursProgress:
    """`hours_progress` of one participation whose time entries (`entries`, all of them) are
    already read: the same figures without a query."""
    reserved = participation.status in PROGRESS_STATUSES

    def total(status):
        return sum((e.hours for e in entries if e.status == status), Decimal("0.00"))

    return HoursProgress(
        reserved=participation.reserved_hours if reserved else Decimal("0.00"),
        declared=total(TimeEntryStatus.DECLARED),
        validated=total(TimeEntryStatus.VALIDATED),
    )


def hours_progress(participations) -> HoursProgress:
    """Reserved hours of the approved, active or completed `participations` and the hours
    declared and validated on them (one participation or every one of a need)."""
    reserved = participations.filter(status__in=PROGRESS_STATUSES).aggregate(
        total=Sum("reserved_hours")
    )["total"]
    entries = TimeEntry.objects.filter(participation__in=participations).aggregate(
        declared=Sum("hours", filter=Q(status=TimeEntryStatus.DECLARED)),
        validated=Sum("hours", filter=Q(status=TimeEntryStatus.VALIDATED)),
    )
    zero = Decimal("0.00")
    return HoursProgress(
        reserved=reserved or zero,
        declared=entries["declared"] or zero,
        validated=entries["validated"] or zero,
    )


def _period_entries(period):
    entries = TimeEntry.objects.filter(status=TimeEntryStatus.VALIDATED)
    if period:
        starts_on, ends_on = period
        entries = entries.in_period(starts_on, ends_on)
    return entries


_TOTALS = ("total_hours", "total_value", "awaiting_hours")


def valued_hours(
    *,
    company=None,
    association=None,
    territory=None,
    volunteer=None,
    period: tuple[datetime.date, datetime.date] | None = None,
    per_employee: bool = False,
) -> list[dict]:
    """Validated hours and their value, per month and company (and per employee when
    `per_employee`: for the company's referents and the employee only — the caller checks).
    Each row: month, company_id, company__name, [volunteer fields], hours, value, awaiting
    (hours awaiting a cost price)."""
    entries = _period_entries(period)
    if company is not None:
        entries = entries.filter(participation__company=company)
    if association is not None:
        entries = entries.filter(participation__need__association=association)
    if territory is not None:
        entries = entries.filter(participation__need__programme__territory=territory)
    if volunteer is not None:
        entries = entries.filter(participation__volunteer=volunteer)
    keys = ["month", "participation__company_id", "participation__company__name"]
    if per_employee:
        keys += [
            "participation__volunteer_id",
            "participation__volunteer__first_name",
            "participation__volunteer__last_name",
        ]
    rows = (
        entries.annotate(month=TruncMonth("date"))
        .values(*keys)
        .annotate(
            total_hours=Sum("hours"),
            total_value=Sum("value"),
            awaiting_hours=Sum("hours", filter=Q(value__isnull=True)),
        )
        .order_by("month", "participation__company__name", *keys[3:])
    )
    return [
        {
            **{k: v for k, v in row.items() if k not in _TOTALS},
            "month": row["month"].date() if hasattr(row["month"], "date") else row["month"],
            "hours": row["total_hours"],
            "value": row["total_value"] or Decimal("0.00"),
            "awaiting": row["awaiting_hours"] or Decimal("0.00"),
        }
        for row in rows
    ]


def valued_hours_totals(rows: list[dict]) -> dict:
    return {
        "hours": sum((r["hours"] for r in rows), Decimal("0.00")),
        "value": sum((r["value"] for r in rows), Decimal("0.00")),
        "awaiting": sum((r["awaiting"] for r in rows), Decimal("0.00")),
    }


def entries_listed(entries):
    """`entries` with what a list of them names (the volunteer, the need's title) read in the
    same query, and none of their other columns."""
    return entries.select_related("participation__volunteer", "participation__need").only(
        "date",
        "hours",
        "description",
        "status",
        "validated_at",
        "participation__volunteer__first_name",
        "participation__volunteer__last_name",
        "participation__volunteer__email",
        "participation__need__title",
    )

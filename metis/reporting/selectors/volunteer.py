"""The volunteer's dashboard and planned participations."""

from django.db.models import Q, Sum

from metis.needs.enums import (
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Participation, TimeEntry

from .common import ZERO, _d, values_by_month


def volunteer_dashboard(user) -> dict:
    participations = list(
        Participation.objects.filter(volunteer=user)
        .select_related("need__association")
        .annotate(
            validated=Sum(
                "time_entries__hours",
                filter=Q(time_entries__status=TimeEntryStatus.VALIDATED),
                default=ZERO,
            ),
            declared=Sum(
                "time_entries__hours",
                filter=Q(time_entries__status=TimeEntryStatus.DECLARED),
                default=ZERO,
            ),
        )
        .order_by("-created_at", "-pk")[:50]
    )
    rows = [
        {
            "need": p.need.title,
            "association": p.need.association.name,
            "status": p.get_status_display(),
            "planned_starts_on": p.planned_starts_on,
            "planned_ends_on": p.planned_ends_on,
            "reserved": p.reserved_hours,
            "declared": _d(p.declared),
            "validated": _d(p.validated),
            "url": p.get_absolute_url(),
        }
        for p in participations
    ]
    entries = TimeEntry.objects.filter(participation__volunteer=user)
    totals = entries.aggregate(
        validated=Sum("hours", filter=Q(status=TimeEntryStatus.VALIDATED), default=ZERO),
        declared=Sum("hours", filter=Q(status=TimeEntryStatus.DECLARED), default=ZERO),
        value_sum=Sum("value", filter=Q(status=TimeEntryStatus.VALIDATED), default=ZERO),
    )
    monthly = values_by_month(entries)
    return {
        "participations": rows,
        "totals": {k.removesuffix("_sum"): _d(v) for k, v in totals.items()},
        "chart": {
            "labels": [m.strftime("%Y-%m") for m in monthly],
            "series": {"hours": [float(h) for h, _v in monthly.values()]},
        },
    }


def planned_participations(user):
    """Participations with planned dates, for the volunteer's calendar feed."""
    return (
        Participation.objects.filter(
            volunteer=user,
            status__in=[
                ParticipationStatus.APPROVED,
                ParticipationStatus.ACTIVE,
                ParticipationStatus.COMPLETED,
            ],
            planned_starts_on__isnull=False,
        )
        .select_related("need__association", "need__commune")
        .order_by("planned_starts_on", "pk")
    )

"""The volunteer's dashboard and planned participations."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from metis.needs.enums import (
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Participation, TimeEntry

from .common import ZERO, _d, _month


def volunteer_dashboard(user) -> dict:
    participations = list(
        Participation.objects.filter(volunteer=user)
        .select_related("need__association")
        # What the table shows, and no other column (a need's description is long).
        .only(
            "status",
            "planned_starts_on",
            "planned_ends_on",
            "reserved_hours",
            "created_at",
            "need__title",
            "need__association__name",
        )
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
    # One pass over the person's entries: per month, the hours validated (the chart) and, for
    # the totals, the hours declared and the value validated.
    validated = Q(status=TimeEntryStatus.VALIDATED)
    months = list(
        TimeEntry.objects.filter(
            participation__volunteer=user,
            status__in=[TimeEntryStatus.VALIDATED, TimeEntryStatus.DECLARED],
        )
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            validated=Sum("hours", filter=validated, default=ZERO),
            declared=Sum("hours", filter=~validated, default=ZERO),
            value=Sum("value", filter=validated, default=ZERO),
            entries_validated=Count("pk", filter=validated),
        )
        .order_by("month")
    )
    totals = {name: sum((r[name] for r in months), ZERO) for name in SUMS}
    charted = [r for r in months if r["entries_validated"]]
    return {
        "participations": rows,
        "totals": {name: _d(total) for name, total in totals.items()},
        "chart": {
            "labels": [_month(r["month"]).strftime("%Y-%m") for r in charted],
            "series": {"hours": [float(_d(r["validated"])) for r in charted]},
        },
    }


SUMS = ("validated", "declared", "value")


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

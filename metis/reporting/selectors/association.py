"""The association manager's dashboard."""

from django.db.models import Count, Q, Sum

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, AccountMonth
from metis.needs.enums import (
    NeedStatus,
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Need, Participation, TimeEntry

from .common import ZERO, _d, _line_filters, _validated


def association_dashboard(association) -> dict:
    accounts = Account.objects.filter(association=association)
    kinds = (AccountKind.CREDIT, AccountKind.RESERVED_CREDIT, AccountKind.DELIVERED)
    per_programme = list(
        accounts.values("programme_id", "programme__name")
        .annotate(**{k.value: Sum("balance", filter=Q(kind=k), default=ZERO) for k in kinds})
        .order_by("programme__name")
    )
    allocated = {
        r["account__programme_id"]: _d(r["total"])
        for r in AccountMonth.objects.filter(account__association=association)
        .filter(_line_filters()["allocated"])
        .values("account__programme_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    entries = TimeEntry.objects.filter(participation__need__association=association)
    values = {
        r["participation__need__programme_id"]: _d(r["value_sum"])
        for r in _validated(entries)
        .values("participation__need__programme_id")
        .annotate(value_sum=Sum("value", default=ZERO))
        .order_by()
    }
    programmes = [
        {
            "programme": r["programme__name"],
            "allocated": allocated.get(r["programme_id"], ZERO),
            "remaining_credit": _d(r[AccountKind.CREDIT.value]),
            "reserved": _d(r[AccountKind.RESERVED_CREDIT.value]),
            "delivered": _d(r[AccountKind.DELIVERED.value]),
            "value_delivered": values.get(r["programme_id"], ZERO),
        }
        for r in per_programme
    ]
    totals = {
        n: sum((p[n] for p in programmes), ZERO)
        for n in ("allocated", "remaining_credit", "reserved", "delivered", "value_delivered")
    }
    by_state = dict(
        Need.objects.filter(association=association)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    needs_by_state = [
        {"state": label, "count": by_state.get(value, 0)} for value, label in NeedStatus.choices
    ]
    to_act = Participation.objects.filter(need__association=association).aggregate(
        applications=Count("pk", filter=Q(status=ParticipationStatus.APPLIED)),
        invitations=Count("pk", filter=Q(status=ParticipationStatus.INVITED)),
        awaiting_employer=Count("pk", filter=Q(status=ParticipationStatus.ACCEPTED)),
        active=Count(
            "pk", filter=Q(status__in=[ParticipationStatus.APPROVED, ParticipationStatus.ACTIVE])
        ),
    )
    declared = entries.filter(status=TimeEntryStatus.DECLARED).aggregate(
        count=Count("pk"), hours=Sum("hours", default=ZERO)
    )
    return {
        "programmes": programmes,
        "totals": totals,
        "needs_by_state": needs_by_state,
        "to_act": to_act,
        "hours_to_validate": {"count": declared["count"], "hours": _d(declared["hours"])},
        "chart": {
            "labels": [str(r["state"]) for r in needs_by_state],
            "series": {"needs": [r["count"] for r in needs_by_state]},
        },
    }

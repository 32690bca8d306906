"""The company referent's dashboard."""

from django.db.models import Count, Q, Sum

from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import AccountMonth
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation
from metis.reporting.models import ValidatedMonth

from .common import ENGAGED_STATUSES, ZERO, _d, _month


def company_dashboard(company) -> dict:
    lines = AccountMonth.objects.filter(account__company=company)
    filters = {
        "pledged": Q(account__kind=AccountKind.PLEDGE) & Q(event__in=[PostingEvent.PLEDGE_SIGNED])
        | Q(
            account__kind=AccountKind.PLEDGE,
            event=PostingEvent.REVERSAL,
            reversed_event=PostingEvent.PLEDGE_SIGNED,
        ),
        "remaining": Q(account__kind=AccountKind.PLEDGE),
        "reserved": Q(account__kind=AccountKind.RESERVED_PLEDGE),
        "delivered": Q(account__kind=AccountKind.USED),
    }
    names = tuple(filters)
    per_programme = list(
        lines.values("account__programme_id", "account__programme__name")
        .annotate(**{n: Sum("amount", filter=filters[n], default=ZERO) for n in names})
        .order_by("account__programme__name")
    )
    values = {
        r["programme_id"]: r
        for r in ValidatedMonth.objects.filter(company=company)
        .values("programme_id")
        .annotate(value_sum=Sum("value", default=ZERO), awaiting=Sum("awaiting", default=ZERO))
        .order_by()
    }
    programmes = []
    for r in per_programme:
        v = values.get(r["account__programme_id"], {})
        programmes.append(
            {
                "programme": r["account__programme__name"],
                **{n: _d(r[n]) for n in names},
                "value_delivered": _d(v.get("value_sum")),
                "awaiting_cost_price": _d(v.get("awaiting")),
            }
        )
    totals = {
        n: sum((p[n] for p in programmes), ZERO)
        for n in (*names, "value_delivered", "awaiting_cost_price")
    }
    participations = Participation.objects.filter(company=company)
    counts = participations.aggregate(
        employees=Count("volunteer", filter=Q(status__in=ENGAGED_STATUSES), distinct=True),
        approvals_waiting=Count("pk", filter=Q(status=ParticipationStatus.ACCEPTED)),
    )
    counts["associations_helped"] = (
        ValidatedMonth.objects.filter(company=company, entries__gt=0)
        .values("association")
        .distinct()
        .count()
    )
    monthly = (
        lines.filter(Q(account__kind=AccountKind.USED) | filters["pledged"])
        .values("month")
        .annotate(
            pledged=Sum("amount", filter=filters["pledged"], default=ZERO),
            delivered=Sum("amount", filter=filters["delivered"], default=ZERO),
        )
        .order_by("month")
    )
    chart = {"labels": [], "series": {"pledged": [], "delivered": []}}
    running = {"pledged": ZERO, "delivered": ZERO}
    for row in monthly:
        chart["labels"].append(_month(row["month"]).strftime("%Y-%m"))
        for n in running:
            running[n] += _d(row[n])
            chart["series"][n].append(float(running[n]))
    return {"programmes": programmes, "totals": totals, "counts": counts, "chart": chart}

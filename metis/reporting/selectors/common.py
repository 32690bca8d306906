"""What the dashboards share: the ledger's rolled-up figures (AccountMonth: each account's lines
per month and event; ProgrammeMonth: a programme's lines per kind of account, month and event;
both kept by the database in the posting's transaction) and valued hours per figure and per
month."""

import datetime
from decimal import Decimal

from django.db.models import Q, Sum

from metis.core.hours import quantize
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import ProgrammeMonth
from metis.needs.enums import (
    ParticipationStatus,
    TimeEntryStatus,
)

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
ENGAGED_STATUSES = (
    ParticipationStatus.APPROVED,
    ParticipationStatus.ACTIVE,
    ParticipationStatus.COMPLETED,
)


def _month(value):
    if value is None:
        return None
    return value.date() if isinstance(value, datetime.datetime) else value


def _d(value):
    """Sums come back as Decimal('100') on SQLite: two places, like the ledger."""
    return quantize(value) if value is not None else ZERO


def _share(value, drop):
    if not drop or drop <= 0:
        return None
    return (value * HUNDRED / drop).quantize(TENTH)


# Lines of the ledger that make each headline figure -----------------------------------------
# pledged: lines on pledge:c from signed pledges (and their reversals)
# allocated: lines on credit:a from voted allocations (and their reversals)
# reserved: balance of reserved_credit:p (hours approved, not yet validated)
# delivered: balance of delivered:a (validated hours)
# used (company side of delivered): balance of used:c


def _line_filters(lines=None):
    """The filters of each figure over rolled-up lines: AccountMonth rows by default, or the
    rows of `lines` (ProgrammeMonth rows carry their account's kind themselves)."""
    kind = "kind" if lines is not None and lines.model is ProgrammeMonth else "account__kind"
    return {
        "pledged": Q(**{kind: AccountKind.PLEDGE})
        & (
            Q(event=PostingEvent.PLEDGE_SIGNED)
            | Q(
                event=PostingEvent.REVERSAL,
                reversed_event=PostingEvent.PLEDGE_SIGNED,
            )
        ),
        "allocated": Q(**{kind: AccountKind.CREDIT})
        & (
            Q(event=PostingEvent.ALLOCATION_VOTED)
            | Q(
                event=PostingEvent.REVERSAL,
                reversed_event=PostingEvent.ALLOCATION_VOTED,
            )
        ),
        "reserved": Q(**{kind: AccountKind.RESERVED_CREDIT}),
        "delivered": Q(**{kind: AccountKind.DELIVERED}),
    }


SERIES = ("pledged", "allocated", "reserved", "delivered")


def ledger_totals(lines) -> dict:
    """pledged / allocated / reserved / delivered hours over the given rolled-up lines."""
    filters = _line_filters(lines)
    row = lines.aggregate(
        **{name: Sum("amount", filter=filters[name], default=ZERO) for name in SERIES}
    )
    return {name: _d(row[name]) for name in SERIES}


def ledger_by_month(lines) -> list[dict]:
    """The same four figures, per month of the postings' date, with running totals."""
    filters = _line_filters(lines)
    rows = (
        lines.values("month")
        .annotate(**{name: Sum("amount", filter=filters[name], default=ZERO) for name in SERIES})
        .order_by("month")
    )
    out, running = [], dict.fromkeys(SERIES, ZERO)
    for row in rows:
        for name in SERIES:
            running[name] += _d(row[name])
        out.append({"month": _month(row["month"]), **{n: running[n] for n in SERIES}})
    return out


def _validated(entries):
    return entries.filter(status=TimeEntryStatus.VALIDATED)


def value_totals(entries) -> dict:
    row = _validated(entries).aggregate(
        hours_sum=Sum("hours", default=ZERO),
        value_sum=Sum("value", default=ZERO),
        awaiting_sum=Sum("hours", filter=Q(value__isnull=True), default=ZERO),
    )
    return {k.removesuffix("_sum"): _d(v) for k, v in row.items()}


def _chart(by_month, values, *, reference_value=None):
    labels, series = [], {name: [] for name in (*SERIES, "value")}
    months = sorted({r["month"] for r in by_month} | set(values))
    ledger_rows = {r["month"]: r for r in by_month}
    last = dict.fromkeys(SERIES, ZERO)
    value_running = ZERO
    for month in months:
        if month in ledger_rows:
            last = ledger_rows[month]
        value_running += values.get(month, (ZERO, ZERO))[1]
        labels.append(month.strftime("%Y-%m"))
        for name in SERIES:
            series[name].append(float(last[name]))
        series["value"].append(float(value_running))
    return {"labels": labels, "series": series}

"""Figures of the dashboards, read from the ledger (posting lines, account balances) and from
valued time entries (€). Every function runs a fixed number of aggregate queries, whatever the
size of the data (tested), and every figure can be recomputed from PostingLine sums and
TimeEntry values (tested)."""

import datetime
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import TruncMonth

from metis.core.hours import quantize
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Account, PostingLine
from metis.needs.enums import (
    NeedStatus,
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Need, Participation, TimeEntry
from metis.programmes.enums import SubsidyStatus
from metis.programmes.models import MixedSubsidy, Programme

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


def _line_filters():
    return {
        "pledged": Q(account__kind=AccountKind.PLEDGE)
        & (
            Q(posting__event=PostingEvent.PLEDGE_SIGNED)
            | Q(
                posting__event=PostingEvent.REVERSAL,
                posting__reverses__event=PostingEvent.PLEDGE_SIGNED,
            )
        ),
        "allocated": Q(account__kind=AccountKind.CREDIT)
        & (
            Q(posting__event=PostingEvent.ALLOCATION_VOTED)
            | Q(
                posting__event=PostingEvent.REVERSAL,
                posting__reverses__event=PostingEvent.ALLOCATION_VOTED,
            )
        ),
        "reserved": Q(account__kind=AccountKind.RESERVED_CREDIT),
        "delivered": Q(account__kind=AccountKind.DELIVERED),
    }


SERIES = ("pledged", "allocated", "reserved", "delivered")


def ledger_totals(lines) -> dict:
    """pledged / allocated / reserved / delivered hours over the given posting lines."""
    filters = _line_filters()
    row = lines.aggregate(
        **{name: Sum("amount", filter=filters[name], default=ZERO) for name in SERIES}
    )
    return {name: _d(row[name]) for name in SERIES}


def ledger_by_month(lines) -> list[dict]:
    """The same four figures, per month of the postings' date, with running totals."""
    filters = _line_filters()
    rows = (
        lines.annotate(month=TruncMonth("posting__occurred_on"))
        .values("month")
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


def values_by_month(entries) -> dict:
    rows = (
        _validated(entries)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(value_sum=Sum("value", default=ZERO), hours_sum=Sum("hours", default=ZERO))
        .order_by("month")
    )
    return {_month(r["month"]): (_d(r["hours_sum"]), _d(r["value_sum"])) for r in rows}


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


# Territory (and operator) ------------------------------------------------------------------


def territory_dashboard(territories, *, programme=None) -> dict:
    """Figures of the programmes of `territories` (a queryset), or of one programme."""
    programmes = Programme.objects.filter(territory__in=territories)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    lines = PostingLine.objects.filter(posting__programme__in=programmes)
    entries = TimeEntry.objects.filter(participation__need__programme__in=programmes)
    # One scan of the lines per programme gives the totals and the reference values.
    per_programme = ledger_by_programme(lines)
    totals = {n: sum((row[n] for row in per_programme.values()), ZERO) for n in SERIES}
    values = value_totals(entries)
    by_month = ledger_by_month(lines)
    month_values = values_by_month(entries)
    # Per association: cash subsidy, credit, hours delivered and their value, share of the drop.
    subsidies = list(
        MixedSubsidy.objects.filter(programme__in=programmes)
        .exclude(status=SubsidyStatus.PROPOSED)
        .select_related("association", "programme")
        .order_by("programme__starts_on", "programme__name", "association__name", "pk")
    )
    delivered = {
        (r["programme_id"], r["association_id"]): _d(r["total"])
        for r in Account.objects.filter(programme__in=programmes, kind=AccountKind.DELIVERED)
        .values("programme_id", "association_id")
        .annotate(total=Sum("balance"))
    }
    valued = {
        (r["participation__need__programme_id"], r["participation__need__association_id"]): (
            _d(r["value_sum"])
        )
        for r in _validated(entries)
        .values("participation__need__programme_id", "participation__need__association_id")
        .annotate(value_sum=Sum("value", default=ZERO))
    }
    associations = []
    for s in subsidies:
        key = (s.programme_id, s.association_id)
        drop = max(s.cash_previous_period - s.cash_current_period, ZERO)
        value = valued.get(key, ZERO)
        associations.append(
            {
                "programme": s.programme.name,
                "association": s.association.name,
                "cash_previous": s.cash_previous_period,
                "cash_current": s.cash_current_period,
                "cash_drop": drop,
                "hours_credit": s.hours_credit,
                "hours_delivered": delivered.get(key, ZERO),
                "value_delivered": value,
                "drop_share_percent": _share(value, drop),
            }
        )
    reference = {
        p.pk: p.reference_hourly_value for p in programmes.only("pk", "reference_hourly_value")
    }
    return {
        "totals": totals,
        "per_programme": per_programme,
        "values": values,
        "reference_values": _reference_values(per_programme, reference),
        "by_month": by_month,
        "chart": _chart(by_month, month_values),
        "associations": associations,
    }


def ledger_by_programme(lines) -> dict:
    """The four figures per programme: {programme_id: {"pledged": …, …}} (one query)."""
    filters = _line_filters()
    rows = (
        lines.values("posting__programme_id")
        .annotate(**{n: Sum("amount", filter=filters[n], default=ZERO) for n in SERIES})
        .order_by()
    )
    return {r["posting__programme_id"]: {n: _d(r[n]) for n in SERIES} for r in rows}


def _reference_values(per_programme, reference):
    """Pledged, allocated and reserved hours valued at each programme's reference hourly value
    (delivered hours are valued at the employees' cost prices instead)."""
    out = dict.fromkeys(SERIES, ZERO)
    for programme_id, row in per_programme.items():
        rate = reference.get(programme_id, ZERO)
        for n in SERIES:
            out[n] += (row[n] * rate).quantize(Decimal("0.01"))
    return out


def territories_table(territories, per_programme=None) -> list[dict]:
    """One row per territory (the operator's overview). `per_programme` (from
    ledger_by_programme over every programme of `territories`) spares a scan of the lines."""
    if per_programme is None:
        per_programme = ledger_by_programme(
            PostingLine.objects.filter(posting__programme__territory__in=territories)
        )
    territory_of = dict(
        Programme.objects.filter(pk__in=per_programme).values_list("pk", "territory_id")
    )
    rows = {}
    for programme_id, figures in per_programme.items():
        row = rows.setdefault(territory_of[programme_id], dict.fromkeys(SERIES, ZERO))
        for n in SERIES:
            row[n] += figures[n]
    values = {
        r["participation__need__programme__territory_id"]: _d(r["value_sum"])
        for r in TimeEntry.objects.filter(
            status=TimeEntryStatus.VALIDATED,
            participation__need__programme__territory__in=territories,
        )
        .values("participation__need__programme__territory_id")
        .annotate(value_sum=Sum("value", default=ZERO))
        .order_by()
    }
    out = []
    for territory in territories.order_by("name"):
        row = rows.get(territory.pk, {})
        out.append(
            {
                "territory": territory.name,
                **{n: _d(row.get(n)) for n in SERIES},
                "value_delivered": values.get(territory.pk, ZERO),
            }
        )
    return out


# Companies and associations across territories (the operator's tables) ----------------------
# The figures of company_dashboard / association_dashboard, for every organisation at once:
# one GROUP BY (organisation, territory) query per source table, whatever the number of
# organisations. Rows are restricted to the programmes in scope (territory/programme filters).


def _scope(territories, programme=None):
    programmes = Programme.objects.filter(territory__in=territories)
    if programme is not None:
        programmes = programmes.filter(pk=programme.pk)
    return programmes


def _grouped(queryset, organisation, territory):
    """values() on organisation id and name, territory id and name."""
    return queryset.values(*_fields(organisation, territory))


def _rows(groups, fields):
    """{(organisation id, territory id): row} from grouped rows, renaming the group keys."""
    organisation_id, organisation_name, territory_id, territory_name = fields
    return {
        (r[organisation_id], r[territory_id]): {
            "name": r[organisation_name],
            "territory": r[territory_name],
            **{k: v for k, v in r.items() if k not in fields},
        }
        for r in groups
    }


def _fields(organisation, territory):
    return (
        f"{organisation}_id",
        f"{organisation}__name",
        f"{territory}_id",
        f"{territory}__name",
    )


def _combine(*sources):
    keys = set().union(*sources)
    out = {}
    for key in keys:
        row = {}
        for source in sources:
            row.update(source.get(key, {}))
        out[key] = row
    return sorted(out.values(), key=lambda r: (r["name"].casefold(), r["territory"].casefold()))


def companies_table(territories, *, programme=None) -> list[dict]:
    """One row per (company, territory): company_dashboard's figures over the programmes in
    scope. Three aggregate queries."""
    programmes = _scope(territories, programme)
    org, terr = "account__company", "posting__programme__territory"
    pledged = _rows(
        _grouped(
            PostingLine.objects.filter(
                _line_filters()["pledged"],
                posting__programme__in=programmes,
                account__company__isnull=False,
            ),
            org,
            terr,
        )
        .annotate(pledged=Sum("amount", default=ZERO))
        .order_by(),
        _fields(org, terr),
    )
    # Delivered = the balance of used:c (validated hours), a cache of its lines that
    # ledger_check proves equal: reading it spares a scan of every validation line.
    org, terr = "company", "programme__territory"
    delivered = _rows(
        _grouped(Account.objects.filter(programme__in=programmes, kind=AccountKind.USED), org, terr)
        .annotate(delivered=Sum("balance", default=ZERO))
        .order_by(),
        _fields(org, terr),
    )
    org, terr = "participation__company", "participation__need__programme__territory"
    entries = _rows(
        _grouped(
            _validated(TimeEntry.objects.filter(participation__need__programme__in=programmes)),
            org,
            terr,
        )
        .annotate(
            value_delivered=Sum("value", default=ZERO),
            awaiting_cost_price=Sum("hours", filter=Q(value__isnull=True), default=ZERO),
            associations_helped=Count("participation__need__association", distinct=True),
        )
        .order_by(),
        _fields(org, terr),
    )
    org, terr = "company", "need__programme__territory"
    people = _rows(
        _grouped(Participation.objects.filter(need__programme__in=programmes), org, terr)
        .annotate(
            employees=Count("volunteer", filter=Q(status__in=ENGAGED_STATUSES), distinct=True),
            approvals_waiting=Count("pk", filter=Q(status=ParticipationStatus.ACCEPTED)),
        )
        .order_by(),
        _fields(org, terr),
    )
    money = ("pledged", "delivered", "value_delivered", "awaiting_cost_price")
    counts = ("employees", "associations_helped", "approvals_waiting")
    return [
        {
            "company": r["name"],
            "territory": r["territory"],
            **{n: _d(r.get(n)) for n in money},
            **{n: r.get(n, 0) for n in counts},
        }
        for r in _combine(pledged, delivered, entries, people)
    ]


def associations_table(territories, *, programme=None) -> list[dict]:
    """One row per (association, territory): the cash subsidies (as in territory_dashboard) and
    association_dashboard's figures over the programmes in scope. Six aggregate queries."""
    programmes = _scope(territories, programme)
    org, terr = "association", "programme__territory"
    drop = Case(
        When(
            cash_previous_period__gt=F("cash_current_period"),
            then=F("cash_previous_period") - F("cash_current_period"),
        ),
        default=Value(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    cash = _rows(
        _grouped(
            MixedSubsidy.objects.filter(programme__in=programmes).exclude(
                status=SubsidyStatus.PROPOSED
            ),
            org,
            terr,
        )
        .annotate(
            cash_previous=Sum("cash_previous_period", default=ZERO),
            cash_current=Sum("cash_current_period", default=ZERO),
            cash_drop=Sum(drop, default=ZERO),
        )
        .order_by(),
        _fields(org, terr),
    )
    credit = Q(kind=AccountKind.CREDIT)
    delivered = Q(kind=AccountKind.DELIVERED)
    balances = _rows(
        _grouped(
            Account.objects.filter(programme__in=programmes, association__isnull=False).filter(
                credit | delivered
            ),
            org,
            terr,
        )
        .annotate(
            remaining_credit=Sum("balance", filter=credit, default=ZERO),
            hours_delivered=Sum("balance", filter=delivered, default=ZERO),
        )
        .order_by(),
        _fields(org, terr),
    )
    org_l, terr_l = "account__association", "posting__programme__territory"
    allocated = _rows(
        _grouped(
            PostingLine.objects.filter(posting__programme__in=programmes).filter(
                _line_filters()["allocated"]
            ),
            org_l,
            terr_l,
        )
        .annotate(hours_credit=Sum("amount", default=ZERO))
        .order_by(),
        _fields(org_l, terr_l),
    )
    org_e, terr_e = "participation__need__association", "participation__need__programme__territory"
    validated = Q(status=TimeEntryStatus.VALIDATED)
    declared = Q(status=TimeEntryStatus.DECLARED)
    entries = _rows(
        _grouped(
            TimeEntry.objects.filter(participation__need__programme__in=programmes).filter(
                validated | declared
            ),
            org_e,
            terr_e,
        )
        .annotate(
            value_delivered=Sum("value", filter=validated, default=ZERO),
            hours_to_validate=Sum("hours", filter=declared, default=ZERO),
        )
        .order_by(),
        _fields(org_e, terr_e),
    )
    needs = _rows(
        _grouped(Need.objects.filter(programme__in=programmes), org, terr)
        .annotate(
            needs_published=Count("pk", filter=Q(status=NeedStatus.PUBLISHED)),
            needs_in_progress=Count("pk", filter=Q(status=NeedStatus.IN_PROGRESS)),
            needs_completed=Count("pk", filter=Q(status=NeedStatus.COMPLETED)),
        )
        .order_by(),
        _fields(org, terr),
    )
    org_p, terr_p = "need__association", "need__programme__territory"
    applications = _rows(
        _grouped(
            Participation.objects.filter(
                need__programme__in=programmes, status=ParticipationStatus.APPLIED
            ),
            org_p,
            terr_p,
        )
        .annotate(applications=Count("pk"))
        .order_by(),
        _fields(org_p, terr_p),
    )
    money = (
        "cash_previous",
        "cash_current",
        "cash_drop",
        "hours_credit",
        "remaining_credit",
        "hours_delivered",
        "value_delivered",
        "hours_to_validate",
    )
    counts = ("needs_published", "needs_in_progress", "needs_completed", "applications")
    out = []
    for r in _combine(cash, balances, allocated, entries, needs, applications):
        row = {
            "association": r["name"],
            "territory": r["territory"],
            **{n: _d(r.get(n)) for n in money},
            **{n: r.get(n, 0) for n in counts},
        }
        row["drop_share_percent"] = _share(row["value_delivered"], row["cash_drop"])
        out.append(row)
    return out


# Company -------------------------------------------------------------------------------------


def company_dashboard(company) -> dict:
    lines = PostingLine.objects.filter(account__company=company)
    filters = {
        "pledged": Q(account__kind=AccountKind.PLEDGE)
        & Q(posting__event__in=[PostingEvent.PLEDGE_SIGNED])
        | Q(
            account__kind=AccountKind.PLEDGE,
            posting__event=PostingEvent.REVERSAL,
            posting__reverses__event=PostingEvent.PLEDGE_SIGNED,
        ),
        "remaining": Q(account__kind=AccountKind.PLEDGE),
        "reserved": Q(account__kind=AccountKind.RESERVED_PLEDGE),
        "delivered": Q(account__kind=AccountKind.USED),
    }
    names = tuple(filters)
    per_programme = list(
        lines.values("posting__programme_id", "posting__programme__name")
        .annotate(**{n: Sum("amount", filter=filters[n], default=ZERO) for n in names})
        .order_by("posting__programme__name")
    )
    entries = TimeEntry.objects.filter(participation__company=company)
    values = {
        r["participation__need__programme_id"]: r
        for r in _validated(entries)
        .values("participation__need__programme_id")
        .annotate(
            value_sum=Sum("value", default=ZERO),
            awaiting=Sum("hours", filter=Q(value__isnull=True), default=ZERO),
        )
        .order_by()
    }
    programmes = []
    for r in per_programme:
        v = values.get(r["posting__programme_id"], {})
        programmes.append(
            {
                "programme": r["posting__programme__name"],
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
        _validated(entries).values("participation__need__association").distinct().count()
    )
    monthly = (
        lines.filter(Q(account__kind=AccountKind.USED) | filters["pledged"])
        .annotate(month=TruncMonth("posting__occurred_on"))
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


# Association ---------------------------------------------------------------------------------


def association_dashboard(association) -> dict:
    accounts = Account.objects.filter(association=association)
    kinds = (AccountKind.CREDIT, AccountKind.RESERVED_CREDIT, AccountKind.DELIVERED)
    per_programme = list(
        accounts.values("programme_id", "programme__name")
        .annotate(**{k.value: Sum("balance", filter=Q(kind=k), default=ZERO) for k in kinds})
        .order_by("programme__name")
    )
    allocated = {
        r["posting__programme_id"]: _d(r["total"])
        for r in PostingLine.objects.filter(account__association=association)
        .filter(_line_filters()["allocated"])
        .values("posting__programme_id")
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


# Volunteer -----------------------------------------------------------------------------------


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


# Hours lists (exports) -----------------------------------------------------------------------


def hours_list(entries, *, with_value: bool) -> list[dict]:
    """Validated and declared time entries, one row each, for the exports. The € value of an
    entry is shown only to the employer's referents and the volunteer (ADR 0005)."""
    rows = (
        entries.filter(status__in=[TimeEntryStatus.VALIDATED, TimeEntryStatus.DECLARED])
        .values(
            "date",
            "hours",
            "status",
            "value",
            "participation__need__programme__name",
            "participation__need__association__name",
            "participation__company__name",
            "participation__need__title",
        )
        .order_by("date", "pk")
    )
    return [
        {
            "date": r["date"],
            "programme": r["participation__need__programme__name"],
            "association": r["participation__need__association__name"],
            "company": r["participation__company__name"],
            "need": r["participation__need__title"],
            "status": r["status"],
            "hours": r["hours"],
            **({"value": r["value"]} if with_value else {}),
        }
        for r in rows
    ]

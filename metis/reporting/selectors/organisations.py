"""The operator's tables: every company and association across the territories in scope."""

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, AccountMonth
from metis.needs.enums import (
    NeedStatus,
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Need, Participation, TimeEntry
from metis.programmes.enums import SubsidyStatus
from metis.programmes.models import MixedSubsidy, Programme
from metis.reporting.models import ValidatedMonth

from .common import ENGAGED_STATUSES, ZERO, _d, _line_filters, _share

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


def _validated_months(programmes):
    """The validated hours rolled up per programme, association, company and month; a row whose
    entries were all taken back (rejected after validation) counts for nothing."""
    return ValidatedMonth.objects.filter(programme__in=programmes, entries__gt=0)


def companies_table(territories, *, programme=None) -> list[dict]:
    """One row per (company, territory): company_dashboard's figures over the programmes in
    scope. Four aggregate queries."""
    programmes = _scope(territories, programme)
    org, terr = "account__company", "account__programme__territory"
    pledged = _rows(
        _grouped(
            AccountMonth.objects.filter(
                _line_filters()["pledged"],
                account__programme__in=programmes,
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
    # The validated hours rolled up (ValidatedMonth) rather than the time entries themselves.
    org, terr = "company", "programme__territory"
    entries = _rows(
        _grouped(_validated_months(programmes), org, terr)
        .annotate(
            value_delivered=Sum("value", default=ZERO),
            awaiting_cost_price=Sum("awaiting", default=ZERO),
            associations_helped=Count("association", distinct=True),
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
    association_dashboard's figures over the programmes in scope. Seven aggregate queries."""
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
    org_l, terr_l = "account__association", "account__programme__territory"
    allocated = _rows(
        _grouped(
            AccountMonth.objects.filter(account__programme__in=programmes).filter(
                _line_filters()["allocated"]
            ),
            org_l,
            terr_l,
        )
        .annotate(hours_credit=Sum("amount", default=ZERO))
        .order_by(),
        _fields(org_l, terr_l),
    )
    validated = _rows(
        _grouped(_validated_months(programmes), org, terr)
        .annotate(value_delivered=Sum("value", default=ZERO))
        .order_by(),
        _fields(org, terr),
    )
    # Declared entries are the few awaiting a decision (the index on status and date).
    org_e, terr_e = "participation__need__association", "participation__need__programme__territory"
    declared = _rows(
        _grouped(
            TimeEntry.objects.filter(
                participation__need__programme__in=programmes, status=TimeEntryStatus.DECLARED
            ),
            org_e,
            terr_e,
        )
        .annotate(hours_to_validate=Sum("hours", default=ZERO))
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
    for r in _combine(cash, balances, allocated, validated, declared, needs, applications):
        row = {
            "association": r["name"],
            "territory": r["territory"],
            **{n: _d(r.get(n)) for n in money},
            **{n: r.get(n, 0) for n in counts},
        }
        row["drop_share_percent"] = _share(row["value_delivered"], row["cash_drop"])
        out.append(row)
    return out
